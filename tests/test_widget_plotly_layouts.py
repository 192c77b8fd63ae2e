"""Plotly layouts without overlaps, read from the explorers' figures in the kernel: the
TrainingScrubber's colour bar, axis title and legend apart and its accuracy ticks round; a
colour per positional dimension (the same in matplotlib); one tick per decade on LayerNorm's
variance axis."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import tiny_char_model

from viz_transformer.renderers.matplotlib_positional import draw_positional_waves
from viz_transformer.views.positional import sinusoidal_waves
from viz_transformer.widgets import LayerNormExplorer, PositionalEncodingExplorer
from viz_transformer.widgets.training_scrubber import TrainingScrubber


def test_training_scrubber_colour_bar_axis_title_and_legend_do_not_collide():
    figure = TrainingScrubber("reverse").figure
    layout = figure.layout
    bar = next(t for t in figure.data if t.type == "heatmap").colorbar
    heatmap_end, curves_start = layout.xaxis.domain[1], layout.xaxis2.domain[0]
    # the colour bar stands in the gap between the two panels, not at the figure's right edge
    assert heatmap_end < bar.x < curves_start and bar.xanchor == "left"
    gap_pixels = (curves_start - bar.x) * layout.width * 0.85  # plot area ≈ 85 % of the width
    assert gap_pixels >= 12 + 60 + 50  # the bar, its ticks and title, the loss axis' labels
    # the legend lies under the curves, left-aligned with them, horizontal
    assert layout.legend.orientation == "h" and layout.legend.y < 0
    assert layout.legend.x == pytest.approx(curves_start)
    accuracy = next(axis for axis in (layout.yaxis2, layout.yaxis3) if axis.overlaying)
    assert list(accuracy.tickvals) == [0, 0.25, 0.5, 0.75, 1] and accuracy.tickformat == ".0%"
    assert accuracy.showgrid is False


def test_positional_waves_give_each_dimension_its_own_colour_in_both_renderers():
    explorer = PositionalEncodingExplorer(dims="0, 1, 8, 9, 30, 31")
    colours = [trace.line.color for trace in explorer.figure.data]
    assert len(colours) == 6 == len(set(colours))
    dashes = [trace.line.dash for trace in explorer.figure.data]
    assert dashes == ["solid", "dash"] * 3  # sin solid, cos dashed
    axes = draw_positional_waves(sinusoidal_waves(50, 64, [0, 1, 8, 9, 30, 31]))
    try:
        drawn = {line.get_label(): line.get_color() for ax in axes for line in ax.get_lines()}
        assert [drawn[trace.name] for trace in explorer.figure.data] == colours
    finally:
        plt.close("all")


def test_layer_norm_variance_axis_has_one_tick_per_decade():
    explorer = LayerNormExplorer(tiny_char_model(16), text="abc", mates="a")
    variance = explorer.figure.layout.yaxis2
    assert variance.type == "log" and variance.tickmode == "array"
    exponents = np.log10(variance.tickvals)
    np.testing.assert_allclose(exponents, np.round(exponents))  # powers of ten only
    assert np.all(np.diff(np.round(exponents)) == 1) and len(exponents) >= 2
    assert list(variance.ticktext) == [f"{v:g}" for v in variance.tickvals]  # "0.1", "1", "10"
    low, high = variance.range
    shown = np.concatenate([t.y for t in explorer.figure.data if t.xaxis == "x2"])
    assert 10**low <= shown.min() and shown.max() <= 10**high  # every point inside the range
