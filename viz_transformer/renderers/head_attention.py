"""One attention matrix (a head, or heads combined) drawn by both renderers: plotly with hover,
matplotlib on a writer's ``ax``. Both use the shared heatmap primitives, 0–1 scale fixed."""

from __future__ import annotations

import plotly.graph_objects as go
from matplotlib.axes import Axes

from ..style import heatmap, heatmap_figure
from ..style.theme import ThemeLike
from ..views.head_attention import HeadAttention


def head_attention_figure(
    view: HeadAttention, cmap: str | None = None, theme: ThemeLike = "light"
) -> go.Figure:
    """plotly heatmap: rows are queries, columns keys; hover names both tokens and the weight.

    >>> vt.figures.head_attention(view)  # view = vt.views.head_attention(...)
    """
    return heatmap_figure(view.weights, x_labels=view.key_tokens, y_labels=view.query_tokens,
                          cmap=cmap, title=view.title, theme=theme)  # fmt: skip


def plot_head_attention(
    view: HeadAttention, ax: Axes | None = None, cmap: str | None = None, theme: ThemeLike = "light"
) -> Axes:
    """matplotlib heatmap on ``ax`` (a new one-column figure if None); returns the axes.

    >>> vt.plot.head_attention(view, ax=ax)  # view = vt.views.head_attention(...)
    """
    return heatmap(view.weights, ax, x_labels=view.key_tokens, y_labels=view.query_tokens,
                   cmap=cmap, title=view.title, xlabel="key", ylabel="query", theme=theme)  # fmt: skip
