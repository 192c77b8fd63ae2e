"""A training snapshot in plotly: the probe's attention beside (or, past 16 tokens, above) the
loss and accuracy curves.

Laid out at the explorers' width (no scaling down, so no shrunken fonts), every token labelled
up to 32 tokens in cells of at least 14 pixels, single characters upright; the figure grows
taller with the tokens.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.heatmap_plotly import cell_pixels, fitted_token_axis, tick_depth
from ..common.style import heatmap_traces, plotly_layout
from ..common.theme import ThemeLike, get_theme
from .view import TrainingFrame

ACCURACY_TICKS = [0, 0.25, 0.5, 0.75, 1]
FIGURE_WIDTH = 840  # the explorers' FIGURE_MAX_WIDTH: never scaled down
MARGIN = {"l": 60, "r": 80, "t": 90}  # left: "<bos>"; right: the accuracy axis, the colour bar
SIDE_BY_SIDE_TOKENS = 16  # up to this many, the heatmap beside the curves; beyond, above them
TITLE_PIXELS = 32  # a subplot title above its panel
CURVES_HEIGHT = 220
CURVES_DEPTH = 56  # the curves' tick labels and x title, then the legend under them
LEGEND_DEPTH = 36
TITLES = ["probe attention", "training loss and accuracy"]


def training_frame_figure(frame: TrainingFrame, *, theme: ThemeLike = "light") -> go.Figure:
    """One snapshot of training in plotly: the attention then (0–1 scale) beside the loss and
    accuracy curves, this step marked.

    >>> checkpoint = vt.load_pretrained_checkpoint("induction")
    >>> vt.figures.training_frame(vt.views.training_frame(checkpoint, 5, "decoder", 1))
    """
    n_queries, n_keys = frame.weights.shape
    row = cell_pixels(n_queries, 360 if max(frame.weights.shape) <= SIDE_BY_SIDE_TOKENS else 420)
    grid_height = n_queries * row
    area = FIGURE_WIDTH - MARGIN["l"] - MARGIN["r"]
    y_axis = {**fitted_token_axis(frame.query_tokens, n_queries, row, vertical=True),
              "autorange": "reversed"}  # fmt: skip
    if max(frame.weights.shape) <= SIDE_BY_SIDE_TOKENS:
        # heatmap | colour bar | loss axis' labels | curves: nothing shares the right edge
        x_axis = fitted_token_axis(frame.key_tokens, n_keys, 0.5 * area / n_keys)
        plot_height = max(grid_height, CURVES_HEIGHT)
        bottom = max(tick_depth(x_axis) + 24, CURVES_DEPTH + LEGEND_DEPTH)
        figure = make_subplots(
            rows=1, cols=2, column_widths=[0.5, 0.3], horizontal_spacing=0.2,
            subplot_titles=TITLES, specs=[[{}, {"secondary_y": True}]],
        )  # fmt: skip
        curves = {"row": 1, "col": 2}
    else:
        # the heatmap across the full width, its colour bar beside it; the curves below
        x_axis = fitted_token_axis(frame.key_tokens, n_keys, area / n_keys)
        middle = tick_depth(x_axis) + TITLE_PIXELS
        plot_height = grid_height + middle + CURVES_HEIGHT
        bottom = CURVES_DEPTH + LEGEND_DEPTH
        figure = make_subplots(
            rows=2, cols=1, row_heights=[grid_height, CURVES_HEIGHT],
            vertical_spacing=middle / plot_height, subplot_titles=TITLES,
            specs=[[{}], [{"secondary_y": True}]],
        )  # fmt: skip
        curves = {"row": 2, "col": 1}
    for trace in heatmap_traces(frame.weights, x_labels=frame.key_tokens,
                                y_labels=frame.query_tokens, theme=theme):  # fmt: skip
        figure.add_trace(trace, row=1, col=1)
    figure.update_xaxes(x_axis, row=1, col=1)
    figure.update_yaxes(y_axis, row=1, col=1)
    t = get_theme(theme)
    for name, values, color, secondary in (
        ("loss", frame.losses, t.head_color(5), False),
        ("accuracy", frame.accuracies, t.head_color(4), True),
    ):
        figure.add_trace(
            go.Scatter(x=frame.steps, y=values.astype("float32"), name=name, mode="lines+markers",
                       line={"color": color}),
            secondary_y=secondary, **curves,
        )  # fmt: skip
    figure.add_vline(x=float(frame.steps[frame.index]), line_dash="dot", **curves)
    figure.update_yaxes(title_text="loss", rangemode="tozero", secondary_y=False, **curves)
    # its own round ticks (plotly would sync them to the loss grid: 0.149, 0.425, …), no grid
    figure.update_yaxes(title_text="accuracy", range=[0, 1.02], tickvals=ACCURACY_TICKS,
                        tickformat=".0%", showgrid=False, secondary_y=True, **curves)  # fmt: skip
    figure.update_xaxes(title_text="training step", **curves)
    # the colour bar beside the heatmap, the legend under the curves
    heatmap_x, heatmap_y = figure.layout.xaxis.domain, figure.layout.yaxis.domain
    figure.update_traces(colorbar={"x": heatmap_x[1] + 10 / area, "xanchor": "left",
                                   "y": sum(heatmap_y) / 2, "yanchor": "middle",
                                   "len": heatmap_y[1] - heatmap_y[0], "thickness": 12,
                                   "title_side": "right"}, selector={"type": "heatmap"})  # fmt: skip
    curves_x = figure.layout.xaxis2.domain
    figure.update_layout(**plotly_layout(theme), title={"text": frame.title}, width=FIGURE_WIDTH,
                         height=round(MARGIN["t"] + plot_height + bottom),
                         margin={**MARGIN, "b": round(bottom)},
                         legend={"orientation": "h", "x": curves_x[0], "xanchor": "left",
                                 "y": -CURVES_DEPTH / plot_height,
                                 "yanchor": "top"})  # fmt: skip
    return figure
