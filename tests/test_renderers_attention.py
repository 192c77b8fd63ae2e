"""Attention renderers draw exactly the view's numbers: read back from matplotlib artists
and plotly traces."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import random_ids, tiny_model

from viz_transformer.pictures.attention.matplotlib import plot_head_attention
from viz_transformer.pictures.attention.plotly import head_attention_figure
from viz_transformer.pictures.attention.view import head_attention
from viz_transformer.pictures.common.panels_matplotlib import plot_panels
from viz_transformer.pictures.common.panels_plotly import panel_traces, panels_figure
from viz_transformer.pictures.detectors.view import head_detectors
from viz_transformer.pictures.grid.matplotlib import plot_attention_grid
from viz_transformer.pictures.grid.plotly import attention_grid_figure
from viz_transformer.pictures.grid.view import attention_grid
from viz_transformer.pictures.lines.matplotlib import plot_head_lines
from viz_transformer.pictures.lines.plotly import LEVELS, head_lines_figure
from viz_transformer.pictures.lines.view import head_lines

TOKENS = ["<bos>", "山", "区", "3", "米"]


@pytest.fixture(scope="module")
def cache():
    model = tiny_model("decoder-only")
    return model.run_with_cache(random_ids([5], model.config.src_vocab), names="*.hook_weights")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_one_head_in_both_renderers(cache):
    view = head_attention(cache, "decoder", 1, 2, TOKENS, TOKENS)
    ax = plot_head_attention(view)
    np.testing.assert_array_equal(ax.images[0].get_array().data, view.weights)
    assert [t.get_text() for t in ax.get_yticklabels()] == TOKENS
    figure = head_attention_figure(view)
    np.testing.assert_array_equal(figure.data[0].z, view.weights.astype(np.float32))


def test_one_head_draws_on_a_writers_axes(cache):
    _, axes = plt.subplots(1, 2)
    view = head_attention(cache, "decoder", 0, "mean", TOKENS, TOKENS)
    assert plot_head_attention(view, axes[1]) is axes[1]
    assert not axes[0].images


def test_grid_in_both_renderers(cache):
    view = attention_grid(cache, "decoder", TOKENS, TOKENS)
    axes = plot_attention_grid(view)
    assert axes.shape == (2, 4)
    for (layer, head), ax in np.ndenumerate(axes):
        np.testing.assert_array_equal(ax.images[0].get_array().data, view.weights[layer, head])
    figure = attention_grid_figure(view)
    for trace in figure.data:
        layer, head = trace.meta
        np.testing.assert_array_equal(trace.z, view.weights[layer, head].astype(np.float32))
    assert len(figure.data) == 8 and sum(bool(t.showscale) for t in figure.data) == 1


def test_lines_opacity_is_the_weight_in_matplotlib(cache):
    view = head_lines(cache, "decoder", 1, [0, 2], TOKENS, TOKENS)
    ax = plot_head_lines(view)
    assert len(ax.collections) == 2
    for index, collection in enumerate(ax.collections):
        np.testing.assert_allclose(collection.get_colors()[:, 3], view.weights[index].ravel())
    texts = {t.get_text() for t in ax.texts}
    assert set(TOKENS) <= texts


def test_lines_in_plotly_carry_exact_weights_and_binned_opacity(cache):
    view = head_lines(cache, "decoder", 1, [0, 2], TOKENS, TOKENS)
    figure = head_lines_figure(view)
    drawn = {}
    for trace in figure.data:
        if trace.customdata is None or trace.meta is None:
            continue
        for q, k, weight in np.asarray(trace.customdata)[::3]:
            drawn[trace.meta, int(q), int(k)] = (weight, trace.opacity)
    for index, head in enumerate(view.heads):
        for (q, k), weight in np.ndenumerate(view.weights[index]):
            if round(weight * LEVELS) == 0:
                assert (head, q, k) not in drawn
                continue
            got, opacity = drawn[head, q, k]
            assert got == pytest.approx(weight) and abs(opacity - weight) <= 0.5 / LEVELS
    assert {t.name for t in figure.data if t.showlegend is not False} >= {"head 0", "head 2"}


def test_detector_panels_in_both_renderers(cache):
    panels = head_detectors(cache, "decoder")
    axes = plot_panels(panels, xlabel="head", ylabel="layer")
    figure = panels_figure(panels, xlabel="head", ylabel="layer")
    for index, panel in enumerate(panels):
        np.testing.assert_array_equal(axes[index].images[0].get_array().data, panel.values)
        z = panel_traces(figure, index)[0].z
        np.testing.assert_array_equal(z, panel.values.astype(np.float32))
