"""One decoding step in plotly: decoder self-attention, cross-attention, next-token choice.

Laid out at the explorers' width (no scaling down, so no shrunken fonts): the decoder
self-attention and the next-token bars on top, the cross-attention across the full width below
with the colour bar beside it; every token labelled up to 32 tokens, single characters upright.
Cells keep their size through a decoding (sized for its last step): the grids start
:data:`MIN_GRID_HEIGHT` tall, the decoder's rows filling in from the top, then grow by a row
per step.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.heatmap_plotly import cell_pixels, fitted_ticks, fitted_token_axis, tick_depth
from ..common.style import heatmap_traces, plotly_layout
from ..common.theme import ThemeLike, get_theme
from .view import GenerationStep

FIGURE_WIDTH = 840  # the explorers' FIGURE_MAX_WIDTH: never scaled down
MARGIN = {"l": 60, "r": 80, "t": 90}  # left: "<bos>"; right: the colour bar beside the grid
TITLE_PIXELS = 32  # a subplot title above its panel
COLORBAR = {"thickness": 12, "xanchor": "left", "yanchor": "middle", "title_side": "right"}
BARS_MIN_WIDTH = 180
MIN_GRID_HEIGHT = 180  # room for the bars and the colour bar while the decoder's input is short
BARS_TITLE = "next token: P = softmax(logits / T)"


def generation_step_figure(step: GenerationStep, *, theme: ThemeLike = "light") -> go.Figure:
    """One step of generation in plotly: heatmaps of what the decoder attends to at this step,
    and a bar chart of the top-k next tokens, the chosen one highlighted.

    >>> vt.figures.generation_step(vt.views.generation_step(result, tokenizer, step=3))
    """
    decoder = step.decoder_tokens
    n = len(decoder) + step.n_steps - 1 - step.step  # the decoder's input at the last step
    row = cell_pixels(n)
    rows = max(len(decoder), math.ceil(MIN_GRID_HEIGHT / row))  # shown; later ones fill in
    grid_height = rows * row
    area = FIGURE_WIDTH - MARGIN["l"] - MARGIN["r"]
    cross = step.cross_weights is not None
    gap = 64 if cross else 150  # the bars' y labels (and without a cross grid, the colour bar)
    self_width = min(max(15.0 * n, 0.45 * area), area - gap - BARS_MIN_WIDTH)
    bars_width = area - gap - self_width
    self_x = {**fitted_token_axis(decoder, len(decoder), self_width / n), "range": [-0.5, n - 0.5]}
    rows_y = {
        **fitted_token_axis(decoder, len(decoder), row, vertical=True),
        "range": [rows - 0.5, -0.5],  # query 0 at the top; later rows fill in below
    }
    bar_labels = [f"{i + 1}. {tok}" for i, tok in enumerate(step.top_tokens)]
    bars_x = fitted_ticks(bar_labels, bars_width / max(len(bar_labels), 1))
    top_depth = max(tick_depth(self_x), tick_depth(bars_x, bar_labels))
    if cross:
        source = step.source_tokens
        keys = step.cross_weights.shape[1]
        cross_x = fitted_token_axis(source, keys, area / keys)
        middle = top_depth + TITLE_PIXELS
        bottom = tick_depth(cross_x) + 24
        plot_height = 2 * grid_height + middle
        figure = make_subplots(
            rows=2, cols=2, specs=[[{}, {}], [{"colspan": 2}, None]],
            column_widths=[self_width, bars_width], horizontal_spacing=gap / area,
            vertical_spacing=middle / plot_height,
            subplot_titles=["decoder self-attention", BARS_TITLE, "cross-attention (source)"],
        )  # fmt: skip
    else:
        bottom = top_depth + 24
        plot_height = grid_height
        figure = make_subplots(
            rows=1, cols=2, column_widths=[self_width, bars_width], horizontal_spacing=gap / area,
            subplot_titles=["decoder self-attention", BARS_TITLE],
        )  # fmt: skip
    for trace in heatmap_traces(step.self_weights, x_labels=decoder, y_labels=decoder,
                                theme=theme, showscale=not cross):  # fmt: skip
        figure.add_trace(trace, row=1, col=1)
    figure.update_xaxes(self_x, row=1, col=1)
    figure.update_yaxes(rows_y, row=1, col=1)
    if cross:
        for trace in heatmap_traces(step.cross_weights, x_labels=source, y_labels=decoder,
                                    theme=theme):  # fmt: skip
            figure.add_trace(trace, row=2, col=1)
        figure.update_xaxes(cross_x, row=2, col=1)
        figure.update_yaxes(rows_y, row=2, col=1)
    figure.add_trace(_choice_bars(step, bar_labels, theme), row=1, col=2)
    figure.update_xaxes(bars_x, row=1, col=2)
    figure.update_yaxes(range=[0, 1.04], row=1, col=2)  # "1" clear of the panel's title
    # the colour bar beside the grids, never beside the bars
    grid_x, grid_y = (figure.layout.xaxis3, figure.layout.yaxis3) if cross else (
        figure.layout.xaxis, figure.layout.yaxis)  # fmt: skip
    low, high = grid_y.domain
    figure.update_traces(
        colorbar={**COLORBAR, "x": grid_x.domain[1] + 10 / area, "y": (low + high) / 2,
                  "len": high - low},
        selector={"type": "heatmap"},
    )  # fmt: skip
    figure.update_layout(
        **plotly_layout(theme), title={"text": step.title}, showlegend=False, width=FIGURE_WIDTH,
        height=round(MARGIN["t"] + plot_height + bottom), margin={**MARGIN, "b": round(bottom)},
    )  # fmt: skip
    return figure


def _choice_bars(step: GenerationStep, labels: list[str], theme: ThemeLike) -> go.Bar:
    """Top-k probabilities, the chosen token in the highlight colour."""
    t = get_theme(theme)
    colors = [t.head_color(0) if tok == step.chosen else t.masked for tok in step.top_tokens]
    return go.Bar(
        x=labels,
        y=step.top_probs.astype("float32"),
        marker_color=colors,
        hovertemplate="%{x}<br>P = %{y:.3f}<extra></extra>",
    )
