"""A training snapshot in plotly: the probe's attention beside the loss and accuracy curves."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..style import heatmap_traces, plotly_layout, token_axis
from ..style.theme import ThemeLike, get_theme
from ..views.training import TrainingFrame


def training_frame_figure(frame: TrainingFrame, theme: ThemeLike = "light") -> go.Figure:
    """Left: attention at this snapshot (0–1 scale); right: the curves, this step marked."""
    figure = make_subplots(
        rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.14,
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
    figure.update_yaxes(title_text="loss", row=1, col=2, secondary_y=False)
    figure.update_yaxes(title_text="accuracy", range=[0, 1], row=1, col=2, secondary_y=True)
    figure.update_xaxes(title_text="training step", row=1, col=2)
    figure.update_layout(**plotly_layout(theme), title={"text": frame.title}, width=920, height=430,
                         legend={"x": 1.08, "y": 0.5})  # fmt: skip
    return figure
