"""The ``vt.plot`` convention (issue 13), checked on the artists matplotlib holds: ``ax`` given
→ drawn there and no figure made; no ``ax`` → the current axes of an open figure while it is
empty, else exactly one new figure; ``**kwargs`` reach the main artist; ``cbar_ax`` receives
the colour bar and ``cbar=False`` draws none; pictures of several panels take ``axes``."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import model_inputs, random_ids, tiny_model
from matplotlib.colors import to_rgba

import viz_transformer as vt
from viz_transformer import VizTransformerError
from viz_transformer.pictures.architecture.view import architecture_map
from viz_transformer.pictures.attention.view import head_attention
from viz_transformer.pictures.common.style import FIGURE_DPI, MASKED_LABEL
from viz_transformer.pictures.grid.view import attention_grid
from viz_transformer.pictures.layer_norm.view import layer_norm_parameters
from viz_transformer.pictures.lines.view import head_lines
from viz_transformer.pictures.masks.view import mask_pipeline
from viz_transformer.pictures.positional.view import sinusoidal_waves
from viz_transformer.pictures.residual.view import residual_norms
from viz_transformer.pictures.scaling.view import softmax_examples

TOKENS = ["<bos>", "山", "区", "3", "米"]


@pytest.fixture(autouse=True)
def no_figure_before_or_after():
    plt.close("all")
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def decoder_cache():
    model = tiny_model("decoder-only")
    return model.run_with_cache(random_ids([5], model.config.src_vocab), names="*.hook_weights")


@pytest.fixture(scope="module")
def encoder_run():
    model = tiny_model("encoder-decoder")
    return model, model.run_with_cache(*model_inputs(model, [5, 3]))


@pytest.fixture(scope="module")
def pipeline():
    model = tiny_model("decoder-only")
    inputs = model_inputs(model, [5, 3])
    cache = model.run_with_cache(*inputs, names="*attn.hook_*")
    return mask_pipeline(cache, inputs, "decoder", 1, 1, batch=1, query_tokens=list("abcde"))


@pytest.fixture
def one_axes_pictures(decoder_cache, encoder_run) -> dict[str, Callable]:
    """Each picture of one axes, as a call taking ``ax`` and keywords."""
    model, cache = encoder_run
    attention = head_attention(decoder_cache, "decoder", 1, 2, TOKENS, TOKENS)
    lines = head_lines(decoder_cache, "decoder", 1, [0, 2], TOKENS, TOKENS)
    norms = residual_norms(cache, "encoder")
    block_map = architecture_map(model, cache)
    return {
        "heatmap": lambda ax=None, **kw: vt.plot.heatmap(attention.weights, ax, **kw),
        "head_attention": lambda ax=None, **kw: vt.plot.head_attention(attention, ax, **kw),
        "head_lines": lambda ax=None, **kw: vt.plot.head_lines(lines, ax, **kw),
        "residual_norms": lambda ax=None, **kw: vt.plot.residual_norms(norms, ax, **kw),
        "architecture": lambda ax=None, **kw: vt.plot.architecture(block_map, ax, **kw),
    }


PICTURES = ["heatmap", "head_attention", "head_lines", "residual_norms", "architecture"]


def drawn(ax) -> bool:
    return bool(ax.images or ax.lines or ax.collections or ax.patches)


@pytest.mark.parametrize("name", PICTURES)
def test_given_ax_is_drawn_on_and_no_figure_is_made(one_axes_pictures, name):
    _, (left, right) = plt.subplots(1, 2)
    before = plt.get_fignums()
    assert one_axes_pictures[name](right) is right
    assert drawn(right) and not drawn(left)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", PICTURES)
def test_without_ax_an_open_figure_is_drawn_on_at_its_current_axes(one_axes_pictures, name):
    figure = plt.figure(figsize=(5, 4))
    current = plt.gca()
    assert one_axes_pictures[name]() is current
    assert drawn(current)
    assert plt.get_fignums() == [figure.number]
    assert tuple(figure.get_size_inches()) == (5, 4)  # the writer's figure keeps its size


@pytest.mark.parametrize("name", PICTURES)
def test_without_ax_or_figure_exactly_one_themed_figure_is_made(one_axes_pictures, name):
    assert plt.get_fignums() == []
    ax = one_axes_pictures[name]()
    assert plt.get_fignums() == [ax.figure.number]
    assert ax.figure.dpi == FIGURE_DPI  # made in the theme


@pytest.mark.parametrize("name", PICTURES)
def test_a_picture_is_not_drawn_over(one_axes_pictures, name):
    """Two calls in a row give two figures (the second does not cover the first)."""
    first = one_axes_pictures[name]()
    second = one_axes_pictures[name]()
    assert second is not first
    assert len(plt.get_fignums()) == 2


def test_heatmap_keywords_reach_the_image(one_axes_pictures):
    ax = one_axes_pictures["head_attention"](interpolation="bilinear", alpha=0.5, aspect="auto")
    image = ax.images[0]
    assert image.get_interpolation() == "bilinear"
    assert image.get_alpha() == 0.5
    assert ax.get_aspect() == "auto"
    assert image.get_clim() == (0.0, 1.0)  # the fixed scale stays


def test_explicit_limits_and_cmap_are_the_callers_and_the_colour_bar_follows(one_axes_pictures):
    ax = one_axes_pictures["head_attention"](vmin=0.1, vmax=0.4, cmap="magma")
    image = ax.images[0]
    assert image.get_clim() == (0.1, 0.4)
    assert image.get_cmap().name.startswith("magma")
    assert image.colorbar.mappable is image
    assert image.colorbar.norm.vmin == 0.1 and image.colorbar.norm.vmax == 0.4


def test_line_keywords_reach_the_lines(one_axes_pictures, decoder_cache):
    ax = one_axes_pictures["residual_norms"](alpha=0.5, lw=3)  # an alias, over the default
    mean = ax.lines[-1]
    assert mean.get_alpha() == 0.5 and mean.get_linewidth() == 3
    assert all(line.get_linewidth() == 0.7 for line in ax.lines[:-1])  # token lines as they were

    ax = one_axes_pictures["head_lines"](linewidths=2.5, alpha=0.5)
    lines = head_lines(decoder_cache, "decoder", 1, [0, 2], TOKENS, TOKENS)
    for collection, weights in zip(ax.collections, lines.weights, strict=True):
        assert collection.get_linewidth()[0] == 2.5
        # alpha scales each line's weight-opacity instead of flattening it
        np.testing.assert_allclose(collection.get_edgecolor()[:, 3], weights.ravel() * 0.5)


def test_box_keywords_reach_the_architecture_boxes(one_axes_pictures):
    ax = one_axes_pictures["architecture"](hatch="//", alpha=0.6)
    boxes = [patch for patch in ax.patches if patch.get_gid()]
    assert boxes and all(box.get_hatch() == "//" and box.get_alpha() == 0.6 for box in boxes)


def test_a_colour_bar_goes_to_cbar_ax():
    figure, (ax, cax) = plt.subplots(1, 2, width_ratios=[20, 1])
    weights = np.full((3, 3), 1 / 3)
    vt.plot.heatmap(weights, ax, cbar_ax=cax)
    colorbar = ax.images[0].colorbar
    assert colorbar is not None and colorbar.ax is cax
    assert cax.collections or cax.images  # the colour bar's own artist is in cax
    assert len(figure.axes) == 2  # no axes made beside ax
    assert colorbar.orientation == "vertical"
    wide = plt.figure().add_axes((0.1, 0.05, 0.8, 0.04))
    vt.plot.heatmap(weights, cbar_ax=wide)  # a wide colour-bar axes: a horizontal bar
    assert wide.figure.axes[0].images[0].colorbar.orientation == "horizontal"


def test_cbar_false_draws_no_colour_bar_but_keeps_the_masked_legend():
    scores = np.array([[0.5, -np.inf], [0.2, -0.3]])
    ax = vt.plot.heatmap(scores, kind="scores", cbar=False)
    assert ax.images[0].colorbar is None
    assert ax.figure.axes == [ax]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [MASKED_LABEL]


def test_grid_keywords_and_colour_bar_axes(decoder_cache):
    view = attention_grid(decoder_cache, "decoder", TOKENS, TOKENS)
    figure = plt.figure()
    panels = np.array(figure.subplots(2, 4))
    cax = figure.add_axes((0.92, 0.1, 0.02, 0.8))
    axes = vt.plot.attention_grid(view, panels, cbar_ax=cax, interpolation="bilinear")
    assert axes[0, 0].images[0].colorbar.ax is cax
    assert all(ax.images[0].get_interpolation() == "bilinear" for ax in axes.ravel())
    assert len(figure.axes) == 9 and plt.get_fignums() == [figure.number]
    axes = vt.plot.attention_grid(view, cbar=False)
    assert all(ax.images[0].colorbar is None for ax in axes.ravel())
    assert len(axes[0, 0].figure.axes) == 8


def test_mask_pipeline_places_each_colour_bar_and_checks_their_number(pipeline):
    figure = plt.figure(figsize=(8, 3))
    panels = figure.subplots(1, 4)
    scores_cax, weights_cax = (
        figure.add_axes((0, 0, 0.01, 0.5)),
        figure.add_axes((0, 0.5, 0.01, 0.5)),
    )
    axes = vt.plot.mask_pipeline(pipeline, panels, cbar_ax=[scores_cax, weights_cax], alpha=0.9)
    assert axes[2].images[0].colorbar.ax is scores_cax  # the scores' bar: after S + M
    assert axes[3].images[0].colorbar.ax is weights_cax
    assert all(ax.images[0].get_alpha() == 0.9 for ax in axes)
    assert figure.legends  # the "−∞ (masked)" legend stays
    with pytest.raises(VizTransformerError, match="2 colour bars"):
        vt.plot.mask_pipeline(pipeline, figure.subplots(1, 4), cbar_ax=scores_cax)
    bare = vt.plot.mask_pipeline(pipeline, cbar=False)
    assert len(bare[0].figure.axes) == 4


def test_panels_limits_replace_every_panels_own():
    axes = vt.plot.softmax_examples(softmax_examples(), vmin=0.0, vmax=0.5)
    assert all(ax.images[0].get_clim() == (0.0, 0.5) for ax in axes)
    colorbars = {id(ax.images[0].colorbar) for ax in axes if ax.images[0].colorbar}
    assert len(colorbars) == 1  # still one shared colour bar


def test_pictures_of_several_panels_always_make_their_own_figure():
    """Like seaborn's figure-level functions: an open figure's empty axes is not used."""
    plt.figure()
    plt.gca()
    axes = vt.plot.positional_waves(sinusoidal_waves(dims=(0, 1)), linewidth=2.5, alpha=0.4)
    assert len(plt.get_fignums()) == 2
    lines = [line for ax in axes for line in ax.lines]
    assert lines and all(line.get_linewidth() == 2.5 and line.get_alpha() == 0.4 for line in lines)


def test_bar_keywords_reach_the_bars(encoder_run):
    model, _ = encoder_run
    axes = vt.plot.layer_norm_parameters(
        layer_norm_parameters(model, "encoder", 0, "ln1"), color="C2"
    )
    bars = [patch for ax in axes for patch in ax.patches]
    assert bars and all(bar.get_facecolor() == to_rgba("C2") for bar in bars)
