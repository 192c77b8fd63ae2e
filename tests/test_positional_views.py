"""Positional-encoding views equal the formula computed with math.sin/cos loops and the
model's own tables; the permutation demo shows the law f(Px) = P f(x) for the seed's linear
layer and a model without positions, and its breaking with them; pictures hold the numbers."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from helpers import random_ids, tiny_model

from viz_transformer import VizTransformerError
from viz_transformer.model.positional import sinusoidal_table
from viz_transformer.pictures.common.panels_plotly import panel_traces
from viz_transformer.pictures.permutation.matplotlib import plot_permutation_demo
from viz_transformer.pictures.permutation.plotly import permutation_demo_figure
from viz_transformer.pictures.permutation.view import linear_layer_demo, model_permutation_demo
from viz_transformer.pictures.positional.matplotlib import (
    plot_encoding_tables,
    plot_positional_waves,
)
from viz_transformer.pictures.positional.plotly import (
    encoding_tables_figure,
    positional_waves_figure,
)
from viz_transformer.pictures.positional.view import (
    encoding_table,
    model_positional_table,
    sinusoidal_waves,
)

HOOK = "encoder.layers.1.hook_resid_post"


def pe_by_formula(pos: int, j: int, d: int) -> float:
    angle = pos / 10000 ** (2 * (j // 2) / d)
    return math.sin(angle) if j % 2 == 0 else math.cos(angle)


def test_waves_follow_the_formula():
    view = sinusoidal_waves(n_positions=30, d_model=16, dims=(0, 1, 6, 15))
    for row, j in enumerate(view.dims):
        expected = [pe_by_formula(pos, j, 16) for pos in range(30)]
        np.testing.assert_allclose(view.values[row], expected, atol=1e-6)
        assert view.wavelengths[row] == pytest.approx(2 * math.pi * 10000 ** (2 * (j // 2) / 16))
    assert view.labels[:2] == ["dim 0: sin", "dim 1: cos"]
    with pytest.raises(VizTransformerError, match="dimension 16 is out of range"):
        sinusoidal_waves(d_model=16, dims=(16,))


def test_table_similarity_is_the_dot_products_and_depends_on_distance_only():
    view = encoding_table(sinusoidal_table(12, 8), "sinusoidal")
    for p in range(12):
        for q in range(12):
            dot = sum(pe_by_formula(p, j, 8) * pe_by_formula(q, j, 8) for j in range(8))
            assert view.similarity[p, q] == pytest.approx(dot, abs=1e-5)
            # Σ sin·sin + cos·cos = Σᵢ cos((p − q)ωᵢ): a function of p − q alone
            by_distance = sum(math.cos((p - q) / 10000 ** (2 * i / 8)) for i in range(4))
            assert view.similarity[p, q] == pytest.approx(by_distance, abs=1e-5)
    table, similarity = view.panels
    assert table.values.shape == (12, 8) and similarity.values.shape == (12, 12)


def test_model_tables_are_the_models_own():
    learned = tiny_model("encoder-only", positional="learned")
    table = model_positional_table(learned, "encoder")
    assert torch.equal(table, learned.encoder.pos_encoding.table.detach())
    with pytest.raises(VizTransformerError, match="no 'decoder' stack"):
        model_positional_table(learned, "decoder")
    with pytest.raises(VizTransformerError, match="positional='none'"):
        model_positional_table(tiny_model("encoder-only", positional="none"))


def test_the_articles_linear_layer_reorders_output_rows_exactly():
    demo = linear_layer_demo()  # the articles' numbers (source 001): x, then its rows rotated
    assert demo.outputs.tolist() == [[22, 28], [49, 64], [76, 100]]
    assert demo.permuted_outputs.tolist() == [[49, 64], [76, 100], [22, 28]]
    assert demo.permuted_inputs.tolist() == [[4, 5, 6], [7, 8, 9], [1, 2, 3]]
    assert demo.max_difference == 0.0
    assert len(demo.panels) == 5


def _model_demo(positional: str):
    model = tiny_model("encoder-only", seed=3, positional=positional)
    ids = random_ids([6], model.config.src_vocab, seed=2)
    order = [4, 2, 0, 5, 1, 3]
    cache = model.run_with_cache(ids, names=HOOK)
    shuffled = model.run_with_cache(ids[:, order], names=HOOK)
    return model_permutation_demo(cache, shuffled, order, HOOK, list("abcdef")), cache, shuffled


def test_a_model_without_positions_only_permutes_its_outputs():
    demo, cache, shuffled = _model_demo("none")
    np.testing.assert_array_equal(demo.outputs, cache[HOOK][0].double().numpy())
    np.testing.assert_array_equal(demo.permuted_outputs, shuffled[HOOK][0].double().numpy())
    assert demo.max_difference < 1e-5
    assert demo.permuted_labels == list("ecafbd")


def test_with_positions_the_difference_is_not_zero():
    demo, _, _ = _model_demo("sinusoidal")
    assert demo.max_difference > 1e-2


def test_bad_permutation_inputs_give_advice():
    demo, cache, shuffled = _model_demo("none")
    with pytest.raises(VizTransformerError, match=r"permutation of 0\.\.5"):
        model_permutation_demo(cache, shuffled, [0, 0, 1, 2, 3, 4], HOOK)
    with pytest.raises(VizTransformerError, match="was not captured"):
        model_permutation_demo(cache, shuffled, demo.order, "encoder.layers.0.hook_resid_pre")


def test_renderers_hold_the_numbers():
    waves = sinusoidal_waves(n_positions=20, d_model=16, dims=(0, 1, 8, 9))
    tables = [
        encoding_table(sinusoidal_table(6, 8), "sinusoidal"),
        encoding_table(torch.randn(6, 8), "learned (untrained)"),
    ]
    demo = linear_layer_demo()
    try:
        wave_axes = plot_positional_waves(waves)
        lines = [line for ax in wave_axes for line in ax.get_lines()]
        for line, values in zip(lines, waves.values, strict=True):
            np.testing.assert_array_equal(line.get_ydata(), values)
        panels = [panel for view in tables for panel in view.panels] + demo.panels
        axes = [*plot_encoding_tables(tables), *plot_permutation_demo(demo)]
        for ax, panel in zip(axes, panels, strict=True):
            np.testing.assert_array_equal(ax.images[0].get_array(), panel.values)
    finally:
        plt.close("all")
    wave_figure = positional_waves_figure(waves)
    for trace, values in zip(wave_figure.data, waves.values, strict=True):
        np.testing.assert_allclose(trace.y, values)
    for figure, views in (
        (encoding_tables_figure(tables), tables),
        (permutation_demo_figure(demo), [demo]),
    ):
        for index, panel in enumerate(p for view in views for p in view.panels):
            z = np.asarray(panel_traces(figure, index)[0].z, dtype=np.float64)
            np.testing.assert_allclose(z, panel.values, rtol=1e-6, atol=1e-6)
