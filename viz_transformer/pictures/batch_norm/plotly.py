"""LayerNorm against BatchNorm on padded batches, in plotly."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.style import display_token, get_theme, plotly_layout
from ..common.theme import ThemeLike
from .view import NormComparison


def norm_comparison_figure(view: NormComparison, *, theme: ThemeLike = "light") -> go.Figure:
    """LayerNorm against BatchNorm on padded batches, in plotly: the 2 × 3 grid of the
    matplotlib twin, LayerNorm on top, BatchNorm below; mean and variance with one line per
    context, then the output change as bars.

    >>> view = vt.views.norm_comparison(batches, rows, length, contexts, tokens)
    >>> vt.figures.norm_comparison(view)
    """
    t = get_theme(theme)
    titles = [
        f"{norm}: {what}"
        for norm, over in (("LayerNorm", "token"), ("BatchNorm", "feature"))
        for what in (f"μ per {over}", f"σ² per {over}", "max |Δ output| vs context 0")
    ]
    figure = make_subplots(rows=2, cols=3, subplot_titles=titles)
    rows = (
        (view.layer_mean, view.layer_var, view.layer_change),
        (view.batch_mean, view.batch_var, view.batch_change),
    )
    for row, (mean, var, change) in enumerate(rows, start=1):
        for col, values in enumerate((mean, var), start=1):
            for i, context in enumerate(view.contexts):
                figure.add_trace(
                    go.Scatter(
                        x=np.arange(values.shape[1]),  # positions: repeated tokens stay apart
                        y=values[i],
                        mode="lines+markers",
                        line={"color": t.head_color(i)},
                        name=f"{i}: {context}",
                        legendgroup=context,
                        showlegend=row == 1 and col == 1,
                    ),
                    row=row,
                    col=col,
                )
        figure.add_trace(
            go.Bar(
                x=[str(i) for i in range(len(change))],
                y=change,
                marker_color=[t.head_color(i) for i in range(len(change))],
                text=[f"{c:.2g}" for c in change],
                showlegend=False,
            ),
            row=row,
            col=3,
        )
    positions = np.arange(len(view.tokens))
    for col in (1, 2):  # token labels on the positions of the LayerNorm panels
        figure.update_xaxes(
            tickvals=positions, ticktext=[display_token(t) for t in view.tokens], row=1, col=col
        )
    top = max(float(view.batch_change.max()), float(view.layer_change.max())) * 1.15 or 1.0
    figure.update_yaxes(range=[0, top], col=3)
    figure.update_layout(
        **plotly_layout(theme),
        title={"text": view.title},
        width=920,
        height=680,
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.1},
    )
    return figure
