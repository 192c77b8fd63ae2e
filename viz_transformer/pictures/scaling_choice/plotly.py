"""One scaling setting in plotly: its softmax weights beside the curves, the setting marked."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.style import heatmap_traces, plotly_layout
from ..common.theme import ThemeLike, get_theme
from ..scaling.view import STATISTICS, VARIANTS, ScalingCurves
from .view import ScalingChoice

PANELS = ("max_weight", "entropy", "gradient_norm")
# how many words of each statistic's name (views.scaling.STATISTICS) go on a first line: on one
# line the names overlap their neighbours' in a figure as wide as a notebook's output area
FIRST_LINE_WORDS = {"max_weight": 2, "entropy": 1, "gradient_norm": 2}
WIDTH = 840  # JupyterLab's output area (~848 px), where ScalingExplorer shows it


def scaling_choice_figure(
    choice: ScalingChoice, curves: ScalingCurves, *, theme: ThemeLike = "light"
) -> go.Figure:
    """One choice of d_k and scaling in plotly: left, the weights of random queries (rows)
    over keys at this d_k; right, max weight, entropy and gradient size against d_k, without
    (dashed) and with (solid) scaling, this choice marked.

    >>> vt.figures.scaling_choice(vt.views.scaling_choice(64, True), vt.views.scaling_curves())
    """
    t = get_theme(theme)
    titles = ["weights p (query × key)", *(_two_lines(f) for f in PANELS)]
    figure = make_subplots(rows=1, cols=4, subplot_titles=titles, horizontal_spacing=0.1,
                           column_widths=[0.31, 0.23, 0.23, 0.23])  # fmt: skip
    for trace in heatmap_traces(choice.weights, x_name="key", y_name="query", theme=theme):
        figure.add_trace(trace, row=1, col=1)
    figure.update_yaxes(autorange="reversed", row=1, col=1)
    left, right = figure.layout.xaxis.domain  # the colour bar lies under the heatmap
    figure.update_traces(
        colorbar={"orientation": "h", "x": (left + right) / 2, "xanchor": "center", "y": -0.3,
                  "len": right - left, "thickness": 10, "title": {"side": "top"}},
        selector={"type": "heatmap"},
    )  # fmt: skip
    for col, field in enumerate(PANELS, start=2):
        for variant in (0, 1):
            figure.add_trace(
                go.Scatter(x=curves.d_k, y=getattr(curves, field)[variant], mode="lines",
                           name=VARIANTS[variant], showlegend=col == 2,
                           line={"color": t.head_color(variant), "dash": "dash" if variant == 0 else "solid"}),
                row=1, col=col,
            )  # fmt: skip
        figure.add_trace(
            go.Scatter(x=[choice.d_k], y=[choice.statistics[field]], mode="markers",
                       marker={"size": 12, "color": t.head_color(int(choice.scaled)),
                               "line": {"width": 2, "color": t.foreground}},
                       name="this setting", showlegend=col == 2),
            row=1, col=col,
        )  # fmt: skip
        # a tick per decade: the 2s and 5s between ran into each other ("5100²")
        figure.update_xaxes(type="log", dtick=1, title_text="dₖ", row=1, col=col)
    figure.update_layout(**plotly_layout(theme), title={"text": choice.title, "font": {"size": 13}},
                         width=WIDTH, height=420, legend={"orientation": "h", "y": -0.25, "x": 0.36})  # fmt: skip
    return figure


def _two_lines(field: str) -> str:
    words = STATISTICS[field].split(" ")
    cut = FIRST_LINE_WORDS[field]
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])
