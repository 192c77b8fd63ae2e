"""A long attention matrix in plotly: the max-pooled overview on axes of token positions, the
exact window outlined on it, and the window's exact values with their tokens beside it."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..attention.view import HeadAttention
from ..common.scales import color_scale
from ..common.style import heatmap_traces, plotly_colorscale, plotly_layout, token_axis
from ..common.theme import ThemeLike
from .view import LongAttention, window_labels

PANEL_SIDE = 345  # pixels per panel: both fit a notebook column of ~850 px
# an unfilled vermilion rectangle on the first subplot: the window here, a hovered row and
# column in AttentionExplorer
OUTLINE = {"type": "rect", "xref": "x", "yref": "y", "fillcolor": "rgba(0,0,0,0)",
           "line": {"color": "#D55E00", "width": 2}}  # fmt: skip


def long_attention_figure(
    view: HeadAttention, long: LongAttention, *, cmap: str | None = None, theme: ThemeLike = "light"
) -> go.Figure:
    """A long attention matrix in plotly: the max-pooled overview left (drag a zoom box on it
    to move the window there), the exact window of ``long`` right, with its tokens.

    >>> long = vt.views.long_attention(pooled, query_start=0, key_start=0)
    >>> vt.figures.long_attention(view, long)  # view: the head's vt.views.head_attention
    """
    q0, q1, k0, k1 = long.query_start, long.query_stop, long.key_start, long.key_stop
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.14, subplot_titles=[
        f"overview: max of each {_block_size(long)} block",
        f"exact: queries {q0}–{q1 - 1}, keys {k0}–{k1 - 1}"])  # fmt: skip
    figure.add_trace(_overview_trace(long, cmap), row=1, col=1)
    keys, queries = window_labels(view.key_tokens, k0, k1), window_labels(view.query_tokens, q0, q1)
    for trace in heatmap_traces(
        long.window, x_labels=keys, y_labels=queries, cmap=cmap, theme=theme
    ):
        figure.add_trace(trace, row=1, col=2)
    figure.add_shape(**OUTLINE, x0=k0 - 0.5, x1=k1 - 0.5, y0=q0 - 0.5, y1=q1 - 0.5)
    figure.update_layout(
        **plotly_layout(theme), title={"text": view.title},
        width=2 * PANEL_SIDE + 150, height=PANEL_SIDE + 170,
        xaxis={"title": {"text": "key position"}, "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": "query position"}, "autorange": "reversed",
               "scaleanchor": "x", "constrain": "domain", "showgrid": False, "zeroline": False},
        xaxis2={"title": {"text": "key"}, "tickfont": {"size": 9}, **token_axis(keys, k1 - k0)},
        yaxis2={"title": {"text": "query"}, "tickfont": {"size": 9}, "autorange": "reversed", "scaleanchor": "x2", "constrain": "domain",
                **token_axis(queries, q1 - q0)},
    )  # fmt: skip
    return figure


def _overview_trace(long: LongAttention, cmap: str | None) -> go.Heatmap:
    """The pooled blocks drawn over the token positions they cover (edges, not centres)."""
    pooled = long.overview
    scale = color_scale(pooled.pooled, "weights", cmap)
    return go.Heatmap(
        z=np.asarray(pooled.pooled, dtype=np.float32),
        x=pooled.col_edges - 0.5, y=pooled.row_edges - 0.5,
        colorscale=plotly_colorscale(scale.cmap), zmin=scale.vmin, zmax=scale.vmax,
        showscale=False, name="max weight",
        hovertemplate="queries near %{y:.0f}<br>keys near %{x:.0f}<br>"
                      "max weight %{z:.4f}<extra></extra>",
    )  # fmt: skip


def _block_size(long: LongAttention) -> str:
    """ "8 × 8" (or "8–9 × 8" when the sizes differ by one): tokens per overview block."""
    sizes = [np.diff(edges) for edges in (long.overview.row_edges, long.overview.col_edges)]
    return " × ".join(f"{s.min()}" if s.min() == s.max() else f"{s.min()}–{s.max()}"
                      for s in sizes)  # fmt: skip
