"""Token-to-token lines in plotly: a line's opacity is its weight rounded to 1/20 (plotly sets
opacity per trace, so lines are grouped by it); hover shows the exact weight; clicking a head
in the legend hides or shows all its lines.

Every head has one trace per opacity level, empty or not, so a figure of the same heads keeps
its traces whichever token is focused: an explorer updates them in place as the mouse moves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..common.heatmap_plotly import plotly_token
from ..common.style import get_theme, plotly_layout
from ..common.theme import Theme, ThemeLike
from .view import HeadLines

LEVELS = 20  # opacity steps
LEFT, RIGHT = 0.0, 1.0  # x of the line ends
GAP = 0.03  # between a line's end and its token


def head_lines_figure(view: HeadLines, *, theme: ThemeLike = "light") -> go.Figure:
    """Token-to-token lines in plotly: queries left, keys right, a line per (head, query, key)
    in the head's colour, grouped by opacity; ``customdata`` of each point is ``[q, k, weight]``.

    Lines whose weight rounds to opacity 0 (below 1/40) are not drawn. The last two traces
    are the query and the key tokens (``customdata``: positions); a view focused on a token
    (``vt.views.token_lines``) writes that token in the foreground colour, the rest of its
    column in grey.

    >>> vt.figures.head_lines(vt.views.head_lines(run.cache, "cross", 1))
    """
    t = get_theme(theme)
    figure = go.Figure()
    for index, head in enumerate(view.heads):
        group = view.labels[index]  # "head 2", or "mean over heads" for heads combined
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
    columns = [(view.query_tokens, LEFT - GAP, "middle left", "query"),
               (view.key_tokens, RIGHT + GAP, "middle right", "key")]  # fmt: skip
    for tokens, x, position, side in columns:
        focused = view.focus[1] if view.focus and view.focus[0] == side else None
        figure.add_trace(_token_column(tokens, x, position, side, focused, t))
    n = max(len(view.query_tokens), len(view.key_tokens))
    figure.update_xaxes(visible=False, range=[LEFT - 0.5, RIGHT + 0.5])
    figure.update_yaxes(visible=False, range=[-n + 0.5, 1.0])
    figure.update_layout(**plotly_layout(theme), title={"text": view.title},
                         width=520, height=160 + 22 * n, hovermode="closest")  # fmt: skip
    return figure


def explorable_lines_figure(view: HeadLines, *, theme: ThemeLike = "light") -> go.Figure:
    """:func:`head_lines_figure` for an explorer: the last trace is an invisible net of points
    between the columns, so a click away from the tokens reaches the explorer too (plotly
    reports clicks on points only), and the legend only names the heads (the explorer's head
    selector shows and hides them, so its export is what the selector says).

    >>> figure = vt.figures.explorable_lines(vt.views.head_lines(run.cache, "cross", 1))
    >>> figure.data[-1].on_click(lambda trace, points, state: print("clicked beside a token"))
    """
    figure = head_lines_figure(view, theme=theme)
    n = max(len(view.query_tokens), len(view.key_tokens))
    x, y = np.meshgrid(np.linspace(LEFT + 0.1, RIGHT - 0.1, 9), np.arange(0, -n, -0.5))
    figure.add_trace(go.Scatter(x=x.ravel(), y=y.ravel(), mode="markers", marker={"opacity": 0},
                                hoverinfo="none", showlegend=False))  # fmt: skip
    figure.update_layout(legend={"itemclick": False, "itemdoubleclick": False})
    return figure


def _lines_by_level(weights: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """{opacity level: (x, y, customdata)} for one head, every level from 1 to LEVELS (empty
    where no line has it); NaN points separate the lines."""
    levels = np.rint(np.clip(weights, 0, 1) * LEVELS).astype(int)
    grouped = {}
    for level in range(1, LEVELS + 1):
        q, k = np.nonzero(levels == level)
        gap = np.full(len(q), np.nan)
        xs = np.tile([LEFT, RIGHT, np.nan], len(q))
        ys = np.stack([-q, -k, gap], axis=1).ravel()
        data = np.repeat(np.stack([q, k, weights[q, k]], axis=1), 3, axis=0)  # one row per point
        grouped[level] = (xs, ys, data)
    return grouped


def _token_column(
    tokens: list[str], x: float, position: str, role: str, focused: int | None, theme: Theme
) -> go.Scatter:
    """The tokens as text beside ``x``; hover names the role, the position and the token.
    They are in the foreground colour, or all but the ``focused`` one in grey; each token's
    colour is set either way, so a figure updated in place from a focused one loses the grey."""
    colors = [
        theme.foreground if focused in (None, i) else theme.masked for i in range(len(tokens))
    ]
    return go.Scatter(
        x=np.full(len(tokens), x),
        y=-np.arange(len(tokens)),
        customdata=np.arange(len(tokens)),
        mode="text",
        text=[plotly_token(token) for token in tokens],
        textposition=position,
        textfont={"color": colors},
        hovertemplate=f"{role} %{{customdata}}: %{{text}}<extra></extra>",
        showlegend=False,
    )
