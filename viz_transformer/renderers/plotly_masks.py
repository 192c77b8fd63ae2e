"""The mask pipeline in plotly: scores, mask, masked scores, weights, with hover."""

from __future__ import annotations

import plotly.graph_objects as go

from ..style.theme import ThemeLike
from ..views.masks import MaskPipeline
from .plotly_panels import panels_figure


def mask_pipeline_figure(
    view: MaskPipeline, *, theme: ThemeLike = "light", rows: int = 1
) -> go.Figure:
    """Four heatmaps in one figure, in one row (an article's width) or ``rows=2`` (a 2 × 2
    grid, narrow enough for a notebook); hover names query, key and value (−∞ for masked
    cells).

    >>> vt.figures.mask_pipeline(view)  # view = vt.views.mask_pipeline(...)
    """
    return panels_figure(
        view.panels, title=view.title, xlabel="key", ylabel="query", theme=theme, rows=rows
    )
