"""Plotly layouts without overlaps, read from the explorers' figures in the kernel: the
GenerationStepper's and TrainingScrubber's token labels all shown, upright and apart on the
rescue model's 28 Chinese characters, their colour bars beside the heatmaps; the
TrainingScrubber's colour bar, axis title and legend apart and its accuracy ticks round; a
colour per positional dimension (the same in matplotlib); one tick per decade on LayerNorm's
variance axis."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import tiny_char_model

from viz_transformer.explorers import LayerNormExplorer, PositionalEncodingExplorer
from viz_transformer.pictures.common.scales import MASKED_LABEL
from viz_transformer.pictures.history.explorer import TrainingScrubber
from viz_transformer.pictures.positional.matplotlib import plot_positional_waves
from viz_transformer.pictures.positional.view import sinusoidal_waves


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
    axes = plot_positional_waves(sinusoidal_waves(50, 64, [0, 1, 8, 9, 30, 31]))
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


# issue 11 §4: the rescue model's 28-character Chinese source, every label shown and apart
RESCUE_TEXT = "山区公路积雪3米,断电,50人被困,急需发电机和医疗队"


def _axis(layout, trace, letter: str):
    name = getattr(trace, f"{letter}axis")  # "x", "x3", …
    return layout[f"{letter}axis{name[1:]}"]


def _cells(axis, trace, letter: str) -> float:
    """Cells the axis holds: its fixed range (rows still to come included), else the trace's."""
    if axis.range is not None:
        return abs(axis.range[1] - axis.range[0])
    return len(getattr(trace, letter))


def _pixels_per_token(layout, trace, letter: str) -> float:
    axis = _axis(layout, trace, letter)
    margin = layout.margin
    extent = layout.width - margin.l - margin.r if letter == "x" else (
        layout.height - margin.t - margin.b)  # fmt: skip
    return (axis.domain[1] - axis.domain[0]) * extent / _cells(axis, trace, letter)


def assert_every_label_shown_upright_and_apart(figure) -> None:
    """Each heatmap axis labels every token, ≥ 14 px per token, ≥ 10 px font; a horizontal
    axis of one- or two-character labels keeps them upright; the figure fits the explorer."""
    layout = figure.layout
    assert layout.width <= 840 and layout.height is not None
    heatmaps = [t for t in figure.data if t.type == "heatmap" and t.name != MASKED_LABEL]
    assert heatmaps
    for trace in heatmaps:
        for letter in ("x", "y"):
            axis = _axis(layout, trace, letter)
            categories = list(getattr(trace, letter))
            assert list(axis.tickvals) == categories  # none thinned
            assert len(axis.ticktext) == len(categories)
            assert _pixels_per_token(layout, trace, letter) >= 14, (trace.xaxis, letter)
            assert axis.tickfont.size >= 10
            if letter == "x" and all(len(label) <= 2 for label in axis.ticktext):
                assert axis.tickangle == 0, axis.ticktext


def _scale_bar(figure):
    (shown,) = [t for t in figure.data if t.type == "heatmap" and t.showscale is not False]
    return shown


def assert_colour_bar_beside(figure, grid, other) -> None:
    """The one colour bar stands just right of the heatmap ``grid`` (x, y axis names), level
    with it, and outside the ``other`` panel's (bars, curves) x domain."""
    layout = figure.layout
    bar = _scale_bar(figure).colorbar
    x_domain, y_domain = layout[grid[0]].domain, layout[grid[1]].domain
    assert x_domain[1] < bar.x < x_domain[1] + 0.05 and bar.xanchor == "left"
    assert y_domain[0] <= bar.y <= y_domain[1]
    other_domain = layout[other].domain
    assert not other_domain[0] <= bar.x <= other_domain[1]


@pytest.fixture(scope="module")
def rescue_stepper():
    from viz_transformer.explorers import GenerationStepper

    stepper = GenerationStepper("rescue", text=RESCUE_TEXT)
    assert stepper.error == ""
    return stepper


def test_rescue_stepper_labels_all_28_source_tokens_upright(rescue_stepper):
    stepper = rescue_stepper
    for step in (0, 20, stepper.step.max):
        stepper.step.value = step
        figure = stepper.figure
        assert_every_label_shown_upright_and_apart(figure)
        cross = figure.data[1]
        assert cross.xaxis == "x3" and len(cross.x) == 28  # 27 characters and <eos>
        layout = figure.layout
        assert layout.xaxis3.tickangle == 0 and list(layout.xaxis3.ticktext)[:2] == ["山", "区"]
        assert layout.xaxis3.domain == (0.0, 1.0)  # the full width, under the others
        assert layout.yaxis3.domain[1] < layout.yaxis.domain[0]
        assert_colour_bar_beside(figure, ("xaxis3", "yaxis3"), other="xaxis2")  # not the bars


def test_rescue_stepper_cells_keep_their_size_while_the_decoder_grows(rescue_stepper):
    stepper = rescue_stepper
    sizes = []
    for step in (0, 14, stepper.step.max):
        stepper.step.value = step
        layout, cross = stepper.figure.layout, stepper.figure.data[1]
        sizes.append((_pixels_per_token(layout, cross, "x"), _pixels_per_token(layout, cross, "y")))
    assert max(sizes)[0] - min(sizes)[0] < 0.5 and max(sizes)[1] - min(sizes)[1] < 0.5
    assert stepper.figure.layout.height <= 1100


def test_dates_stepper_keeps_its_labels_upright():
    from viz_transformer.explorers import GenerationStepper

    stepper = GenerationStepper("dates", text="November 21, 2026")
    for step in (0, stepper.step.max):
        stepper.step.value = step
        assert_every_label_shown_upright_and_apart(stepper.figure)
        assert_colour_bar_beside(stepper.figure, ("xaxis3", "yaxis3"), other="xaxis2")


@pytest.mark.parametrize("part", ["encoder", "cross"])
def test_rescue_scrubber_gives_its_28_tokens_the_full_width(part):
    figure = TrainingScrubber("rescue", part=part).figure
    assert_every_label_shown_upright_and_apart(figure)
    layout = figure.layout
    assert len(figure.data[0].x) == 28 and layout.xaxis.tickangle == 0
    assert layout.yaxis2.domain[1] < layout.yaxis.domain[0]  # the curves below the heatmap
    assert_colour_bar_beside(figure, ("xaxis", "yaxis"), other="xaxis2")


@pytest.mark.parametrize("name", ["dates", "reverse"])
def test_short_probes_stay_beside_their_curves(name):
    figure = TrainingScrubber(name).figure
    assert_every_label_shown_upright_and_apart(figure)
    layout = figure.layout
    assert layout.xaxis.domain[1] < layout.xaxis2.domain[0]  # side by side, as before
    assert_colour_bar_beside(figure, ("xaxis", "yaxis"), other="xaxis2")
    assert layout.height < TrainingScrubber("rescue").figure.layout.height  # grows with tokens
