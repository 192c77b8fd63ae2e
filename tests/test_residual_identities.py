"""Law: the residual stream is the running sum the formulas say, exactly, on hooked tensors.

Pre-norm, x ← x + Sublayer(LN(x)): resid_mid = resid_pre + self_attn.hook_out, (decoder of
encoder-decoder) resid_mid_cross = resid_mid + cross_attn.hook_out, resid_post = the last of
these + ffn.hook_out, and each sublayer reads its LayerNorm of the stream.
Post-norm, x ← LN(x + Sublayer(x)): ln1.hook_in = resid_pre + self_attn.hook_out,
resid_mid = ln1.hook_out, and so on. Between layers, resid_pre of layer i + 1 = resid_post of
layer i, and layer 0 reads the positional encoding's output. Dropout 0, eval mode; torch.equal.
"""

from __future__ import annotations

import pytest
import torch
from helpers import SHAPES, head_input, model_inputs, tiny_model


def _stacks(model) -> list[tuple[str, bool]]:
    """(stack name, has cross-attention) for each stack of the model."""
    stacks = []
    if model.config.has_encoder:
        stacks.append(("encoder", False))
    if model.config.has_decoder:
        stacks.append(("decoder", model.config.shape == "encoder-decoder"))
    return stacks


def _sublayers(cross: bool) -> list[tuple[str, str, str]]:
    """(stream name after the sublayer, sublayer, its LayerNorm) in forward order."""
    steps = [("hook_resid_mid", "self_attn", "ln1")]
    if cross:
        steps.append(("hook_resid_mid_cross", "cross_attn", "ln2"))
    steps.append(("hook_resid_post", "ffn", "ln3" if cross else "ln2"))
    return steps


def _cache(shape: str, norm: str):
    model = tiny_model(shape, seed=11, norm=norm)
    return model, model.run_with_cache(*model_inputs(model, [6, 4]))


def _exact(a: torch.Tensor, b: torch.Tensor) -> None:
    assert a.shape == b.shape
    assert torch.equal(a, b), f"max difference {(a - b).abs().max().item()}"


@pytest.mark.parametrize("shape", SHAPES)
def test_pre_norm_residual_sums(shape):
    model, cache = _cache(shape, "pre")
    for stack, cross in _stacks(model):
        for layer in range(len(model.get_submodule(stack).layers)):
            p = f"{stack}.layers.{layer}"
            stream = cache[f"{p}.hook_resid_pre"]
            for after, sublayer, norm in _sublayers(cross):
                _exact(cache[f"{p}.{norm}.hook_in"], stream)
                expected = stream + cache[f"{p}.{sublayer}.hook_out"]
                _exact(cache[f"{p}.{after}"], expected)
                stream = cache[f"{p}.{after}"]


@pytest.mark.parametrize("shape", SHAPES)
def test_post_norm_residual_sums(shape):
    model, cache = _cache(shape, "post")
    for stack, cross in _stacks(model):
        for layer in range(len(model.get_submodule(stack).layers)):
            p = f"{stack}.layers.{layer}"
            stream = cache[f"{p}.hook_resid_pre"]
            for after, sublayer, norm in _sublayers(cross):
                _exact(cache[f"{p}.{norm}.hook_in"], stream + cache[f"{p}.{sublayer}.hook_out"])
                _exact(cache[f"{p}.{after}"], cache[f"{p}.{norm}.hook_out"])
                stream = cache[f"{p}.{after}"]


@pytest.mark.parametrize("norm", ["post", "pre"])
@pytest.mark.parametrize("shape", SHAPES)
def test_layers_chain_through_the_stream(shape, norm):
    model, cache = _cache(shape, norm)
    for stack, _ in _stacks(model):
        n_layers = len(model.get_submodule(stack).layers)
        _exact(cache[f"{stack}.layers.0.hook_resid_pre"], cache[f"{stack}.pos_encoding.hook_out"])
        for layer in range(1, n_layers):
            _exact(
                cache[f"{stack}.layers.{layer}.hook_resid_pre"],
                cache[f"{stack}.layers.{layer - 1}.hook_resid_post"],
            )
        last = cache[f"{stack}.layers.{n_layers - 1}.hook_resid_post"]
        if norm == "pre":  # the final LayerNorm normalises the last residual sum
            _exact(cache[f"{stack}.ln_final.hook_in"], last)
    torch.testing.assert_close(
        cache["head.hook_logits"], model.head.proj(head_input(model, cache)), atol=1e-6, rtol=0
    )


def test_pre_norm_sublayers_read_the_normalised_stream():
    """In pre-norm the attention's queries come from ln1(resid_pre), not resid_pre itself."""
    model, cache = _cache("encoder-only", "pre")
    attn = model.encoder.layers[0].self_attn
    q = attn.w_q(cache["encoder.layers.0.ln1.hook_out"])
    batch, seq, _ = q.shape
    q = q.view(batch, seq, attn.n_heads, attn.d_head).transpose(1, 2)
    torch.testing.assert_close(cache["encoder.layers.0.self_attn.hook_q"], q, atol=1e-6, rtol=0)


def test_switching_the_residual_off_leaves_only_the_sublayer():
    model = tiny_model("encoder-only", seed=12, norm="pre")
    model.encoder.layers[0].residual_on = False
    cache = model.run_with_cache(*model_inputs(model, [5]), names="encoder.layers.0.*")
    p = "encoder.layers.0"
    _exact(cache[f"{p}.hook_resid_mid"], cache[f"{p}.self_attn.hook_out"])
    _exact(cache[f"{p}.hook_resid_post"], cache[f"{p}.ffn.hook_out"])
