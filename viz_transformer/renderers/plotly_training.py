"""A training snapshot in plotly: the probe's attention beside the loss and accuracy curves."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..style import heatmap_traces, plotly_layout, token_axis
from ..style.theme import ThemeLike, get_theme
from ..views.training import TrainingFrame

ACCURACY_TICKS = [0, 0.25, 0.5, 0.75, 1]


def training_frame_figure(frame: TrainingFrame, theme: ThemeLike = "light") -> go.Figure:
    """Left: attention at this snapshot (0–1 scale); right: the curves, this step marked."""
    figure = make_subplots(
        rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.2,
        subplot_titles=["probe attention", "training loss and accuracy"],
        specs=[[{}, {"secondary_y": True}]],
    )  # fmt: skip
    for trace in heatmap_traces(frame.weights, x_labels=frame.key_tokens,
                                y_labels=frame.query_tokens, theme=theme):  # fmt: skip
        figure.add_trace(trace, row=1, col=1)
    figure.update_xaxes(token_axis(frame.key_tokens, frame.weights.shape[1]), row=1, col=1)
    figure.update_yaxes(autorange="reversed", row=1, col=1,
                        **token_axis(frame.query_tokens, frame.weights.shape[0]))  # fmt: skip
    t = get_theme(theme)
    for name, values, color, secondary in (
        ("loss", frame.losses, t.head_color(5), False),
        ("accuracy", frame.accuracies, t.head_color(4), True),
    ):
        figure.add_trace(
            go.Scatter(x=frame.steps, y=values.astype("float32"), name=name, mode="lines+markers",
                       line={"color": color}),
            row=1, col=2, secondary_y=secondary,
        )  # fmt: skip
    figure.add_vline(x=float(frame.steps[frame.index]), line_dash="dot", row=1, col=2)
    figure.update_yaxes(title_text="loss", rangemode="tozero", row=1, col=2, secondary_y=False)
    # its own round ticks (plotly would sync them to the loss grid: 0.149, 0.425, …), no grid
    figure.update_yaxes(title_text="accuracy", range=[0, 1.02], tickvals=ACCURACY_TICKS,
                        tickformat=".0%", showgrid=False, row=1, col=2, secondary_y=True)  # fmt: skip
    figure.update_xaxes(title_text="training step", row=1, col=2)
    # the colour bar beside the heatmap, the legend under the curves: nothing shares the right edge
    heatmap_x = figure.layout.xaxis.domain
    figure.update_traces(colorbar={"x": heatmap_x[1] + 0.01, "xanchor": "left", "thickness": 12,
                                   "len": 0.8, "title_side": "right"}, selector={"type": "heatmap"})  # fmt: skip
    curves_x = figure.layout.xaxis2.domain
    figure.update_layout(**plotly_layout(theme), title={"text": frame.title}, width=920, height=450,
                         margin={"b": 110},
                         legend={"orientation": "h", "x": curves_x[0], "xanchor": "left",
                                 "y": -0.3, "yanchor": "top"})  # fmt: skip
    return figure
