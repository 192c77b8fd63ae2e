"""The permutation demo in plotly: x, f(x), f(shuffled x), and their difference, with hover."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.panels_plotly import panel_traces, panels_figure
from ..common.theme import ThemeLike
from .view import PermutationDemo

MAX_WRITTEN = 6  # matrices up to 6 × 6 (the source articles' 3 × 3) get their numbers written in


def permutation_demo_figure(view: PermutationDemo, *, theme: ThemeLike = "light") -> go.Figure:
    """The permutation demo in plotly: its heatmaps left to right; small matrices show their
    numbers in the cells.

    >>> vt.figures.permutation_demo(vt.views.linear_layer_demo())
    """
    panels = view.panels
    figure = panels_figure(
        panels, title=view.title, xlabel="feature", ylabel="row (token)", theme=theme
    )
    for index, panel in enumerate(panels):
        if max(panel.values.shape) <= MAX_WRITTEN:
            panel_traces(figure, index)[0].update(texttemplate="%{z:.4~g}")
    return figure
