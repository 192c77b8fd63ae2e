"""Token-to-token lines in plotly: a line's opacity is its weight rounded to 1/20 (plotly sets
opacity per trace, so lines are grouped by it); hover shows the exact weight; clicking a head
in the legend hides or shows all its lines."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..style import display_token, get_theme, plotly_layout
from ..style.theme import ThemeLike
from ..views.head_lines import HeadLines

LEVELS = 20  # opacity steps
LEFT, RIGHT = 0.0, 1.0  # x of the line ends
GAP = 0.03  # between a line's end and its token


def head_lines_figure(view: HeadLines, *, theme: ThemeLike = "light") -> go.Figure:
    """Lines per head grouped by opacity; ``customdata`` of each point is ``[q, k, weight]``.

    Lines whose weight rounds to opacity 0 (below 1/40) are not drawn.

    >>> vt.figures.head_lines(view)  # view = vt.views.head_lines(...)
    """
    t = get_theme(theme)
    figure = go.Figure()
    for index, head in enumerate(view.heads):
        group = f"head {head}"
        color = t.head_color(head)
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=group,
                                    legendgroup=group, line={"color": color}))  # fmt: skip
        for level, (xs, ys, data) in _lines_by_level(view.weights[index]).items():
            figure.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    customdata=data,
                    mode="lines",
                    opacity=level / LEVELS,
                    line={"color": color, "width": 2},
                    legendgroup=group,
                    showlegend=False,
                    meta=head,
                    hovertemplate=f"{group}<br>query %{{customdata[0]}} → key %{{customdata[1]}}"
                    "<br>weight %{customdata[2]:.4f}<extra></extra>",
                )
            )
    figure.add_trace(_token_column(view.query_tokens, LEFT - GAP, "middle left", "query"))
    figure.add_trace(_token_column(view.key_tokens, RIGHT + GAP, "middle right", "key"))
    n = max(len(view.query_tokens), len(view.key_tokens))
    figure.update_xaxes(visible=False, range=[LEFT - 0.5, RIGHT + 0.5])
    figure.update_yaxes(visible=False, range=[-n + 0.5, 1.0])
    figure.update_layout(**plotly_layout(theme), title={"text": view.title},
                         width=520, height=160 + 22 * n, hovermode="closest")  # fmt: skip
    return figure


def _lines_by_level(weights: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """{opacity level: (x, y, customdata)} for one head; NaN points separate the lines."""
    levels = np.rint(np.clip(weights, 0, 1) * LEVELS).astype(int)
    grouped = {}
    for level in sorted(set(levels.ravel().tolist()) - {0}):
        q, k = np.nonzero(levels == level)
        gap = np.full(len(q), np.nan)
        xs = np.tile([LEFT, RIGHT, np.nan], len(q))
        ys = np.stack([-q, -k, gap], axis=1).ravel()
        data = np.repeat(np.stack([q, k, weights[q, k]], axis=1), 3, axis=0)  # one row per point
        grouped[level] = (xs, ys, data)
    return grouped


def _token_column(tokens: list[str], x: float, position: str, role: str) -> go.Scatter:
    """The tokens as text beside ``x``; hover names the role, the position and the token."""
    return go.Scatter(
        x=np.full(len(tokens), x),
        y=-np.arange(len(tokens)),
        customdata=np.arange(len(tokens)),
        mode="text",
        text=[display_token(token) for token in tokens],
        textposition=position,
        hovertemplate=f"{role} %{{customdata}}: %{{text}}<extra></extra>",
        showlegend=False,
    )
