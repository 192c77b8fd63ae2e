"""Law: the LayerNorm hooks report what LayerNorm computes.

For every LayerNorm of a model (post- and pre-norm, including the final one of a pre-norm
stack): ``hook_mean`` = x.mean(-1) and ``hook_var`` = ((x − mean)²).mean(-1) of the captured
``hook_in`` x (the biased variance normalisation uses), and ``hook_out`` = torch.nn.LayerNorm
with the same γ, β and ε applied to ``hook_in``.
"""

from __future__ import annotations

import pytest
import torch
from helpers import SHAPES, model_inputs, tiny_model
from torch import nn


def _layer_norm_paths(cache) -> list[str]:
    return [name.removesuffix(".hook_mean") for name in cache if name.endswith(".hook_mean")]


@pytest.mark.parametrize("norm", ["post", "pre"])
@pytest.mark.parametrize("shape", SHAPES)
def test_layer_norm_statistics_and_output(shape, norm):
    model = tiny_model(shape, seed=1, norm=norm)
    cache = model.run_with_cache(*model_inputs(model, [5, 3]), names="*ln*")
    paths = _layer_norm_paths(cache)
    layers = (
        model.config.n_encoder_layers if shape == "encoder-only" else model.config.n_decoder_layers
    )
    assert len(paths) >= 2 * layers
    assert any(p.endswith("ln_final") for p in paths) == (norm == "pre")
    for path in paths:
        x = cache[f"{path}.hook_in"].double()
        mean = x.mean(dim=-1)
        var = ((x - mean[..., None]) ** 2).mean(dim=-1)
        assert cache[f"{path}.hook_mean"].shape == x.shape[:-1]
        torch.testing.assert_close(cache[f"{path}.hook_mean"].double(), mean, atol=1e-6, rtol=0)
        torch.testing.assert_close(cache[f"{path}.hook_var"].double(), var, atol=1e-6, rtol=0)

        ours = model.get_submodule(path)
        ref = nn.LayerNorm(x.shape[-1], eps=model.config.layer_norm_eps)
        with torch.no_grad():
            ref.weight.copy_(ours.weight)
            ref.bias.copy_(ours.bias)
            expected = ref(cache[f"{path}.hook_in"])
        torch.testing.assert_close(cache[f"{path}.hook_out"], expected, atol=1e-6, rtol=0)


def test_layer_norm_statistics_are_per_token():
    """A token's statistics do not depend on the other sentences of the batch (why not BatchNorm)."""
    model = tiny_model("encoder-only", seed=2)
    long, short = model_inputs(model, [6, 2])[0]
    names = "encoder.layers.0.ln1.hook_*"
    alone = model.run_with_cache(short[:2], names=names)
    batched = model.run_with_cache(torch.stack([long, short]), names=names)
    for stat in ("mean", "var"):
        name = f"encoder.layers.0.ln1.hook_{stat}"
        torch.testing.assert_close(batched[name][1, :2], alone[name][0], atol=1e-6, rtol=0)
