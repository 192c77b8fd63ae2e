"""The mask pipeline in plotly: scores, mask, masked scores, weights, with hover."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.panels_plotly import panels_figure
from ..common.theme import ThemeLike
from .view import MaskPipeline


def mask_pipeline_figure(
    view: MaskPipeline, *, theme: ThemeLike = "light", rows: int = 1
) -> go.Figure:
    """The mask pipeline in plotly: scores, mask, masked scores and weights as four heatmaps
    in one figure, in one row (an article's width) or ``rows=2`` (a 2 × 2 grid, narrow enough
    for a notebook); hover names query, key and value (−∞ for masked cells).

    >>> view = vt.views.mask_pipeline(cache, (src, tgt), "decoder", layer=0, head=0)
    >>> vt.figures.mask_pipeline(view, rows=2)
    """
    return panels_figure(
        view.panels, title=view.title, xlabel="key", ylabel="query", theme=theme, rows=rows
    )
