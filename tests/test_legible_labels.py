"""Legible at the size a learner sees: every token of a grid of up to 32 is labelled, in both
renderers, at a readable size; the mask pipeline's "−∞" cells say so, large enough and in a
colour that contrasts with the masked colour."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import model_inputs, tiny_model

from viz_transformer.pictures.common.panel import Panel
from viz_transformer.pictures.common.panels_matplotlib import MIN_WRITTEN_SIZE, plot_panels
from viz_transformer.pictures.common.panels_plotly import MASKED_TEXT_PIXELS, panel_traces
from viz_transformer.pictures.common.scales import contrast_ratio, contrasting_text
from viz_transformer.pictures.common.style import DARK, LIGHT, heatmap, heatmap_figure, tick_plan
from viz_transformer.pictures.common.tokens import MIN_FONT_SIZE
from viz_transformer.pictures.masks.matplotlib import plot_mask_pipeline
from viz_transformer.pictures.masks.plotly import mask_pipeline_figure
from viz_transformer.pictures.masks.view import mask_pipeline

# the articles' message: 27 characters, <bos>, <eos> and three more
TOKENS = ["<bos>", *"山区公路积雪3米,断电,50人被困,急需发电机和医疗队", "<eos>", "a", "b", "c"]


def _shown(labels) -> list[str]:
    return [t.get_text() for t in labels if t.get_visible() and t.get_text()]


def test_the_policy_never_thins_32_tokens_even_in_tiny_cells():
    plan = tick_plan(TOKENS, axis_points=100, font_size=7, vertical_axis=False)
    assert plan.positions == list(range(32)) and plan.font_size == MIN_FONT_SIZE


@pytest.mark.parametrize("width", ["one-column", "two-column"])
def test_matplotlib_labels_every_one_of_32_tokens_without_overlap(width):
    assert len(TOKENS) == 32
    weights = np.full((32, 32), 1 / 32)
    ax = heatmap(weights, x_labels=TOKENS, y_labels=TOKENS, width=width)
    try:
        assert _shown(ax.get_xticklabels()) == TOKENS
        assert _shown(ax.get_yticklabels()) == TOKENS
        figure = ax.figure
        figure.draw_without_rendering()
        renderer = figure.canvas.get_renderer()
        for labels, side in ((ax.get_yticklabels(), 3), (ax.get_xticklabels(), 2)):
            assert min(t.get_fontsize() for t in labels) >= 5.0  # ≥ 10 px inline at 150 dpi
            boxes = [t.get_window_extent(renderer) for t in labels]
            edges = sorted((b.bounds[side - 2], b.bounds[side - 2] + b.bounds[side]) for b in boxes)
            overlap = max(end - start for (_, end), (start, _) in itertools.pairwise(edges))
            assert overlap <= 1.0  # pixels: neighbouring labels do not run into each other
    finally:
        plt.close("all")


def test_matplotlib_panels_label_every_one_of_32_tokens():
    panels = [Panel(name, np.eye(32), "weights", TOKENS, TOKENS) for name in ("a", "b")]
    axes = plot_panels(panels)
    try:
        assert _shown(axes[0].get_yticklabels()) == TOKENS
        assert all(_shown(ax.get_xticklabels()) == TOKENS for ax in axes)
    finally:
        plt.close("all")


def test_plotly_labels_every_one_of_32_tokens():
    figure = heatmap_figure(np.full((32, 32), 1 / 32), x_labels=TOKENS, y_labels=TOKENS)
    for axis in (figure.layout.xaxis, figure.layout.yaxis):
        assert axis.tickmode == "array" and list(axis.ticktext) == TOKENS
        assert len(axis.tickvals) == 32
    assert figure.layout.width >= 32 * 16  # room for each label at plotly's 12 px font


@pytest.fixture(scope="module")
def causal():
    """Eight queries, causal + padding: 28 + −∞ cells in the masked panels."""
    model = tiny_model("decoder-only")
    inputs = model_inputs(model, [8, 5])
    cache = model.run_with_cache(*inputs, names="*attn.hook_*")
    return mask_pipeline(cache, inputs, "decoder", 1, 1, batch=1, query_tokens=list("abcdefgh"))


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_matplotlib_minus_infinity_cells_are_written_readably(causal, theme):
    axes = plot_mask_pipeline(causal, theme=theme)
    try:
        masked = int(np.isneginf(causal.masked_scores).sum())
        texts = [t for ax in axes for t in ax.texts if t.get_text() == "−∞"]
        assert len(texts) == 2 * masked  # in the mask M and in S + M
        assert min(t.get_fontsize() for t in texts) >= MIN_WRITTEN_SIZE >= 6
        assert all(contrast_ratio(t.get_color(), theme.masked) >= 4.5 for t in texts)
        # each "−∞" fits inside its cell (data units: a cell is 1 wide)
        ax = next(ax for ax in axes if ax.texts)
        renderer = ax.figure.canvas.get_renderer()
        cell = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
        assert max(t.get_window_extent(renderer).width for t in ax.texts) < cell
    finally:
        plt.close("all")


def test_plotly_minus_infinity_cells_are_written_readably(causal):
    figure = mask_pipeline_figure(causal, rows=2)
    for index, panel in enumerate(causal.panels):
        masked = np.isneginf(panel.values)
        if not masked.any():
            continue
        trace = panel_traces(figure, index)[1]
        assert trace.texttemplate == "%{text}"
        np.testing.assert_array_equal(np.asarray(trace.text) == "−∞", masked)
        assert trace.textfont.size == MASKED_TEXT_PIXELS >= 11
        assert contrast_ratio(trace.textfont.color, LIGHT.masked) >= 4.5


def test_the_text_colour_is_the_one_with_more_contrast():
    assert contrasting_text("#ffffff") == "#000000" and contrasting_text("#111111") == "#ffffff"
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)


def test_plotly_labels_stay_upright_while_neighbours_have_room():
    from viz_transformer.pictures.common.heatmap_plotly import fitted_ticks, fitted_token_axis

    source = [*"山区公路积雪3米,断电,50人被困,急需发电机和医疗队", "<eos>"]
    upright = fitted_ticks(source, spacing=25)  # the full width of an 840 px figure
    assert upright["tickangle"] == 0 and upright["tickfont"]["size"] >= 10
    assert fitted_ticks(list("山区公路"), spacing=14)["tickangle"] == 0
    turned = fitted_ticks(["<bos>", *"派3台"], spacing=14)  # "<bos>" would run into "派"
    assert turned["tickangle"] == 90 and turned["tickfont"]["size"] >= 10
    rows = fitted_token_axis(TOKENS, 32, 14, vertical=True)
    assert list(rows["ticktext"]) == TOKENS and rows["tickfont"]["size"] >= 10
