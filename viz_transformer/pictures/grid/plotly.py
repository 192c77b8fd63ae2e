"""The layers × heads grid in plotly: one subplot per head, one colour bar, and hover that
names the layer, the head, both tokens and the weight."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.style import heatmap_traces, plotly_layout, token_axis
from ..common.theme import ThemeLike
from .view import AttentionGrid

PANEL_PIXELS = 170


def attention_grid_figure(
    view: AttentionGrid,
    *,
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    theme: ThemeLike = "light",
) -> go.Figure:
    """Every layer and head's attention weights in plotly: one heatmap per (layer, head) on
    one 0–1 scale; each trace's ``meta`` is ``[layer, head]``.

    >>> vt.figures.attention_grid(vt.views.attention_grid(run.cache, "cross", queries, keys))
    """
    n_layers, n_heads, n_queries, n_keys = view.weights.shape
    figure = make_subplots(
        rows=n_layers,
        cols=n_heads,
        column_titles=[f"head {h}" for h in range(n_heads)],
        row_titles=[f"layer {layer}" for layer in range(n_layers)],
        horizontal_spacing=0.02,
        vertical_spacing=0.04,
    )
    for layer in range(n_layers):
        for head in range(n_heads):
            traces = heatmap_traces(
                view.weights[layer, head],
                x_labels=view.key_tokens,
                y_labels=view.query_tokens,
                cmap=cmap,
                vmin=vmin,
                vmax=vmax,
                theme=theme,
                showscale=(layer, head) == (0, 0),
            )
            for trace in traces:
                trace.meta = [layer, head]
                trace.hovertemplate = f"layer {layer} · head {head}<br>" + trace.hovertemplate
                figure.add_trace(trace, row=layer + 1, col=head + 1)
    figure.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    figure.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed")
    figure.update_xaxes(**token_axis(view.key_tokens, n_keys), row=n_layers)
    figure.update_yaxes(**token_axis(view.query_tokens, n_queries), col=1)
    figure.update_layout(
        **plotly_layout(theme),
        title={"text": view.title},
        width=PANEL_PIXELS * n_heads + 160,
        height=PANEL_PIXELS * n_layers + 160,
    )
    return figure
