"""Law: the hooked attention steps are softmax(QKᵀ/√d_k)V written out, one formula each.

From a model's captured tensors, recomputed here with plain tensor algebra: q, k, v are the
sublayer input times W_Q, W_K, W_V split into heads [batch, head, pos, d_head] (for
cross-attention k and v come from the encoder output); scores = q kᵀ / √d_k (or q kᵀ with
scaling switched off); weights = exp(masked scores) / Σ exp; z = weights v; out = Concat(z) W_O.
"""

from __future__ import annotations

import math

import pytest
import torch
from helpers import model_inputs, tiny_model

ATOL = 1e-5


def _split(x: torch.Tensor, n_heads: int) -> torch.Tensor:
    batch, seq, d_model = x.shape
    return x.reshape(batch, seq, n_heads, d_model // n_heads).permute(0, 2, 1, 3)


def _linear(x: torch.Tensor, layer: torch.nn.Linear) -> torch.Tensor:
    return x @ layer.weight.detach().T + layer.bias.detach()


def _check_steps(cache, prefix: str, module, query_input, key_value_input, scaled: bool = True):
    h, d_head = module.n_heads, module.d_head
    q = _split(_linear(query_input, module.w_q), h)
    k = _split(_linear(key_value_input, module.w_k), h)
    v = _split(_linear(key_value_input, module.w_v), h)
    for name, expected in (("q", q), ("k", k), ("v", v)):
        torch.testing.assert_close(cache[f"{prefix}.hook_{name}"], expected, atol=ATOL, rtol=0)

    scores = q @ k.transpose(-1, -2) / (math.sqrt(d_head) if scaled else 1.0)
    torch.testing.assert_close(cache[f"{prefix}.hook_scores"], scores, atol=ATOL, rtol=0)

    masked = cache[f"{prefix}.hook_masked_scores"]
    keep = torch.isfinite(masked)
    torch.testing.assert_close(masked[keep], scores[keep], atol=ATOL, rtol=0)
    exp = torch.where(keep, torch.exp(masked - masked.amax(-1, keepdim=True)), 0.0)
    weights = exp / exp.sum(-1, keepdim=True)
    torch.testing.assert_close(cache[f"{prefix}.hook_weights"], weights, atol=ATOL, rtol=0)

    z = weights @ v
    torch.testing.assert_close(cache[f"{prefix}.hook_z"], z, atol=ATOL, rtol=0)
    concat = z.permute(0, 2, 1, 3).reshape(query_input.shape)
    out = _linear(concat, module.w_o)
    torch.testing.assert_close(cache[f"{prefix}.hook_out"], out, atol=ATOL, rtol=0)


@pytest.mark.parametrize("scaled", [True, False])
def test_self_and_cross_attention_steps(scaled):
    model = tiny_model("encoder-decoder", seed=21)
    for module in model.modules():
        if hasattr(module, "scaled"):
            module.scaled = scaled
    cache = model.run_with_cache(*model_inputs(model, [6, 3]))
    enc, dec = "encoder.layers.1", "decoder.layers.0"
    _check_steps(
        cache,
        f"{enc}.self_attn",
        model.encoder.layers[1].self_attn,
        cache[f"{enc}.hook_resid_pre"],
        cache[f"{enc}.hook_resid_pre"],
        scaled,
    )
    _check_steps(
        cache,
        f"{dec}.cross_attn",
        model.decoder.layers[0].cross_attn,
        cache[f"{dec}.hook_resid_mid"],
        cache["encoder.layers.1.hook_resid_post"],
        scaled,
    )


def test_pre_norm_decoder_only_steps_read_ln1():
    model = tiny_model("decoder-only", seed=22, norm="pre")
    cache = model.run_with_cache(*model_inputs(model, [5, 5]))
    x = cache["decoder.layers.1.ln1.hook_out"]
    _check_steps(cache, "decoder.layers.1.self_attn", model.decoder.layers[1].self_attn, x, x)
