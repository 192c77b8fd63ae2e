"""LayerNorm, BatchNorm and residual views: statistics equal the cache's own hooks and torch's
modules (nn.LayerNorm, nn.BatchNorm1d in training mode); a sentence's LayerNorm numbers do
not move between batches while its BatchNorm ones do; pictures hold the numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from helpers import model_inputs, random_ids, tiny_model
from torch import nn

from viz_transformer import VizTransformerError
from viz_transformer.pictures.batch_norm.matplotlib import plot_norm_comparison
from viz_transformer.pictures.batch_norm.plotly import norm_comparison_figure
from viz_transformer.pictures.batch_norm.view import norm_comparison
from viz_transformer.pictures.layer_norm.matplotlib import (
    plot_layer_norm_parameters,
    plot_layer_norm_statistics,
)
from viz_transformer.pictures.layer_norm.plotly import (
    layer_norm_parameters_figure,
    layer_norm_statistics_figure,
)
from viz_transformer.pictures.layer_norm.view import layer_norm_parameters, layer_norm_statistics
from viz_transformer.pictures.residual.matplotlib import plot_residual_norms
from viz_transformer.pictures.residual.plotly import residual_norms_figure
from viz_transformer.pictures.residual.view import residual_norms


@pytest.fixture(scope="module", params=["post", "pre"])
def run(request):
    model = tiny_model("encoder-decoder", norm=request.param)
    cache = model.run_with_cache(*model_inputs(model, [5, 3]))
    return model, cache


def test_statistics_are_the_hooks_of_each_layer_norm(run):
    model, cache = run
    view = layer_norm_statistics(cache, "decoder", batch=1)
    expected = [f"decoder.layers.{i}.ln{j}" for i in range(2) for j in (1, 2, 3)]
    if model.config.norm == "pre":
        expected.append("decoder.ln_final")
    assert view.norms == expected
    for row, path in enumerate(view.norms):
        x = cache[f"{path}.hook_in"][1]
        np.testing.assert_allclose(view.mean_in[row], cache[f"{path}.hook_mean"][1], atol=1e-6)
        np.testing.assert_allclose(view.var_in[row], cache[f"{path}.hook_var"][1], atol=1e-5)
        module = model.get_submodule(path)
        reference = nn.LayerNorm(x.shape[-1], eps=module.eps)
        with torch.no_grad():
            reference.weight.copy_(module.weight)
            reference.bias.copy_(module.bias)
            out = reference(x).double()
        np.testing.assert_allclose(view.mean_out[row], out.mean(-1), atol=1e-5)
        np.testing.assert_allclose(view.var_out[row], out.var(-1, unbiased=False), atol=1e-4)


def test_statistics_selection_and_errors(run):
    _, cache = run
    view = layer_norm_statistics(cache, "encoder", layers=[1], tokens=list("abcde"))
    assert view.norms == ["encoder.layers.1.ln1", "encoder.layers.1.ln2"]
    assert view.short_names == ["1.ln1", "1.ln2"]
    with pytest.raises(VizTransformerError, match="layer 9 is out of range"):
        layer_norm_statistics(cache, "encoder", layers=[9])
    with pytest.raises(VizTransformerError, match="4 tokens given for 5 positions"):
        layer_norm_statistics(cache, "encoder", tokens=list("abcd"))
    with pytest.raises(VizTransformerError, match="stack must be one of"):
        layer_norm_statistics(cache, "middle")


def test_a_missing_layer_norm_hook_is_named():
    model = tiny_model("encoder-only")
    cache = model.run_with_cache(*model_inputs(model, [4]), names="*.hook_in")
    with pytest.raises(VizTransformerError, match=r"encoder\.layers\.0\.ln1\.hook_out"):
        layer_norm_statistics(cache, "encoder")


def test_parameters_are_the_modules_gamma_and_beta(run):
    model, _ = run
    view = layer_norm_parameters(model, "decoder", 1, "ln3")
    np.testing.assert_array_equal(view.gamma, model.decoder.layers[1].ln3.weight.detach())
    np.testing.assert_array_equal(view.beta, model.decoder.layers[1].ln3.bias.detach())
    with pytest.raises(VizTransformerError, match="ln3 does not exist"):
        layer_norm_parameters(model, "encoder", 0, "ln3")
    with pytest.raises(VizTransformerError, match="layer 2 is out of range"):
        layer_norm_parameters(model, "encoder", 2)


def test_batch_norm_moves_with_the_neighbours_and_layer_norm_does_not():
    model = tiny_model("encoder-only", seed=4)
    hook = "encoder.pos_encoding.hook_out"
    sentence = random_ids([3], model.config.src_vocab, seed=1)[0]
    batches, rows = [], []
    for lengths, seed in (([3], 0), ([3, 5], 2), ([6, 3, 8], 3)):
        ids = random_ids(lengths, model.config.src_vocab, seed=seed)
        row = lengths.index(3)
        ids[row] = 0
        ids[row, :3] = sentence
        batches.append(model.run_with_cache(ids, names=hook)[hook])
        rows.append(row)
    view = norm_comparison(batches, rows, 3, ["alone", "+1", "+2"])
    assert (view.layer_change == 0).all()
    assert (view.batch_change[1:] > 1e-2).all()
    for i, (x, row) in enumerate(zip(batches, rows, strict=True)):
        batch_norm = nn.BatchNorm1d(x.shape[-1], affine=False).train()
        out = batch_norm(x.transpose(1, 2)).transpose(1, 2)
        mean = x.double().reshape(-1, x.shape[-1]).mean(0)
        np.testing.assert_allclose(view.batch_mean[i], mean, atol=1e-6)
        var = x.double().reshape(-1, x.shape[-1]).var(0, unbiased=False)
        np.testing.assert_allclose(view.batch_var[i], var, atol=1e-5)
        layer = nn.LayerNorm(x.shape[-1], elementwise_affine=False)(x[row, :3]).double()
        reference_batch = batch_norm(batches[0].transpose(1, 2)).transpose(1, 2)[rows[0], :3]
        expected_change = (out[row, :3] - reference_batch).abs().max().item()
        assert view.batch_change[i] == pytest.approx(expected_change, abs=1e-5)
        np.testing.assert_allclose(view.layer_mean[i], x[row, :3].double().mean(-1), atol=1e-6)
        np.testing.assert_allclose(layer.mean(-1), 0.0, atol=1e-6)


def test_comparison_refuses_mismatched_inputs():
    x = torch.zeros(2, 4, 3)
    with pytest.raises(VizTransformerError, match="one row and one context"):
        norm_comparison([x, x], [0], 4, ["a", "b"])
    with pytest.raises(VizTransformerError, match="row 2 is out of range"):
        norm_comparison([x], [2], 4, ["a"])


def test_residual_norms_are_the_norms_of_the_hooks(run):
    _, cache = run
    view = residual_norms(cache, "decoder", batch=1)
    assert view.hooks == [
        "decoder.layers.0.hook_resid_pre",
        *(
            f"decoder.layers.{i}.hook_resid_{p}"
            for i in range(2)
            for p in ("mid", "mid_cross", "post")
        ),
    ]
    for row, hook in enumerate(view.hooks):
        expected = torch.linalg.vector_norm(cache[hook][1].double(), dim=-1)
        np.testing.assert_allclose(view.norms[row], expected, rtol=1e-12)
    with pytest.raises(VizTransformerError, match="batch item 2 is out of range"):
        residual_norms(cache, "decoder", batch=2)


def test_renderers_hold_the_numbers(run):
    model, cache = run
    stats = layer_norm_statistics(cache, "encoder")
    params = layer_norm_parameters(model, "encoder", 0, "ln1")
    residual = residual_norms(cache, "encoder")
    x = torch.randn(2, 4, 3, generator=torch.Generator().manual_seed(0))
    comparison = norm_comparison([x[:1], x], [0, 0], 4, ["alone", "pair"], list("wxyz"))
    try:
        mean_ax, var_ax = plot_layer_norm_statistics(stats)
        for ax, before, after in (
            (mean_ax, stats.mean_in, stats.mean_out),
            (var_ax, stats.var_in, stats.var_out),
        ):
            np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), before.ravel())
            np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), after.ravel())
        gamma_ax, beta_ax = plot_layer_norm_parameters(params)
        np.testing.assert_array_equal([p.get_height() for p in gamma_ax.patches], params.gamma)
        np.testing.assert_array_equal([p.get_height() for p in beta_ax.patches], params.beta)
        ax = plot_residual_norms(residual)
        for line, norms in zip(ax.get_lines(), residual.norms.T, strict=False):
            np.testing.assert_array_equal(line.get_ydata(), norms)
        np.testing.assert_allclose(ax.get_lines()[-1].get_ydata(), residual.norms.mean(axis=1))
        axes = plot_norm_comparison(comparison)
        np.testing.assert_array_equal(axes[0].get_lines()[1].get_ydata(), comparison.layer_mean[1])
        np.testing.assert_array_equal(axes[4].get_lines()[1].get_ydata(), comparison.batch_var[1])
        np.testing.assert_array_equal(
            [p.get_height() for p in axes[5].patches], comparison.batch_change
        )
    finally:
        plt.close("all")
    figure = layer_norm_statistics_figure(stats)
    np.testing.assert_allclose(figure.data[1].y, stats.mean_out.ravel())
    np.testing.assert_allclose(figure.data[2].y, stats.var_in.ravel())
    figure = layer_norm_parameters_figure(params)
    np.testing.assert_allclose(figure.data[0].y, params.gamma)
    figure = residual_norms_figure(residual)
    np.testing.assert_allclose(figure.data[0].y, residual.norms[:, 0])
    figure = norm_comparison_figure(comparison)
    np.testing.assert_allclose(figure.data[-1].y, comparison.batch_change)
    np.testing.assert_allclose(figure.data[0].y, comparison.layer_mean[0])
