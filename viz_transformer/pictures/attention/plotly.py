"""One attention matrix (a head, or heads combined) as a plotly heatmap with hover, on the
shared heatmap primitive's fixed 0–1 scale."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.style import heatmap_figure
from ..common.theme import ThemeLike
from .view import HeadAttention


def head_attention_figure(
    view: HeadAttention, *, cmap: str | None = None, theme: ThemeLike = "light"
) -> go.Figure:
    """One head's attention weights as a plotly heatmap: rows are queries, columns keys, on
    the fixed 0–1 scale (``cmap`` replaces viridis); hover names both tokens and the weight.

    >>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
    >>> vt.figures.head_attention(view, theme="dark")
    """
    return heatmap_figure(view.weights, x_labels=view.key_tokens, y_labels=view.query_tokens,
                          cmap=cmap, title=view.title, theme=theme)  # fmt: skip
