"""The residual stream's size through the layers, in plotly (hover names the token)."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.style import get_theme, plotly_layout
from ..common.theme import ThemeLike
from .view import ResidualNorms


def residual_norms_figure(view: ResidualNorms, *, theme: ThemeLike = "light") -> go.Figure:
    """‖x‖₂ at each point of the residual stream in plotly: one thin line per token (traces
    0…n−1), then the mean over tokens (the last trace).

    >>> vt.figures.residual_norms(vt.views.residual_norms(run.cache, "encoder"))
    """
    t = get_theme(theme)
    figure = go.Figure()
    for token, norms in zip(view.tokens, view.norms.T, strict=True):
        figure.add_trace(
            go.Scatter(
                x=view.points,
                y=norms,
                mode="lines",
                line={"color": t.head_color(1), "width": 1},
                opacity=0.6,
                name=token,
                legendgroup="tokens",
                showlegend=False,
                hovertemplate=f"token {token}<br>%{{x}}<br>‖x‖₂ %{{y:.3f}}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=view.points,
            y=view.norms.mean(axis=1),
            mode="lines+markers",
            line={"color": t.foreground, "width": 3},
            name="mean over tokens",
        )
    )
    figure.update_yaxes(title_text="‖x‖₂", rangemode="tozero")
    figure.update_layout(**plotly_layout(theme), title={"text": view.title}, width=900, height=440)
    return figure
