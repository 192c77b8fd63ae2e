"""Law: our multi-head attention is torch.nn.MultiheadAttention with the same weights.

MultiHead(X_q, X_kv) = Concat(softmax(Q Kᵀ/√d_k) V per head) W_O, compared in float64 to
``torch.nn.MultiheadAttention(batch_first=True)`` holding a copy of W_Q, W_K, W_V, W_O: the
output and every head's weights (``average_attn_weights=False``), for self- and
cross-attention, with padding and causal masks, on both our fused and explicit paths.
Torch's masks say True = not allowed; ours say True = allowed.
"""

from __future__ import annotations

import pytest
import torch
from helpers import captured, random_ids, tiny_model, torch_attention, torch_causal_mask

from viz_transformer.model.masks import causal_mask, padding_mask

ATOL = 1e-6
D_MODEL, N_HEADS = 16, 4


def _attention_module(seed: int = 0):
    """One of a real model's attention modules, in float64."""
    model = tiny_model("encoder-decoder", seed=seed, d_model=D_MODEL, n_heads=N_HEADS)
    return model.decoder.layers[0].cross_attn.double()


def _ours(module, query_input, key_value_input, mask):
    """Run our module twice: fused (nothing hooked) and explicit (weights captured)."""
    with torch.no_grad():
        fused = module(query_input, key_value_input, mask)
        store: dict = {}
        handle = captured(module.hook_weights, store, "weights")
        try:
            explicit = module(query_input, key_value_input, mask)
        finally:
            handle.remove()
    return fused, explicit, store["weights"]


def _reference(module, query_input, key_value_input, key_padding=None, causal=None):
    ref = torch_attention(module)
    with torch.no_grad():
        return ref(
            query_input,
            key_value_input,
            key_value_input,
            key_padding_mask=key_padding,
            attn_mask=causal,
            need_weights=True,
            average_attn_weights=False,
        )


def _check(module, x_q, x_kv, our_mask, key_padding=None, causal=None):
    fused, explicit, weights = _ours(module, x_q, x_kv, our_mask)
    ref_out, ref_weights = _reference(module, x_q, x_kv, key_padding, causal)
    assert (
        weights.shape == ref_weights.shape == (x_q.shape[0], N_HEADS, x_q.shape[1], x_kv.shape[1])
    )
    torch.testing.assert_close(weights, ref_weights, atol=ATOL, rtol=0)
    torch.testing.assert_close(explicit, ref_out, atol=ATOL, rtol=0)
    torch.testing.assert_close(fused, ref_out, atol=ATOL, rtol=0)


def _inputs(batch: int, length: int, seed: int):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(batch, length, D_MODEL, generator=gen, dtype=torch.float64)


def test_self_attention_without_mask():
    module = _attention_module()
    x = _inputs(3, 5, seed=1)
    _check(module, x, x, None)


def test_self_attention_with_padding_mask():
    module = _attention_module()
    ids = random_ids([5, 3, 1], vocab=10)
    x = _inputs(3, 5, seed=2)
    _check(module, x, x, padding_mask(ids, 0), key_padding=ids == 0)


def test_self_attention_with_causal_mask():
    module = _attention_module()
    x = _inputs(2, 6, seed=3)
    _check(module, x, x, causal_mask(6), causal=torch_causal_mask(6))


def test_self_attention_with_causal_and_padding_masks():
    module = _attention_module()
    ids = random_ids([6, 4], vocab=10)
    x = _inputs(2, 6, seed=4)
    ours = causal_mask(6) & padding_mask(ids, 0)
    _check(module, x, x, ours, key_padding=ids == 0, causal=torch_causal_mask(6))


@pytest.mark.parametrize("src_lengths", [[7, 7], [7, 2], [3, 5]])
def test_cross_attention_with_source_padding(src_lengths):
    module = _attention_module(seed=5)
    src = random_ids(src_lengths, vocab=10, width=7)
    x_q, memory = _inputs(2, 4, seed=6), _inputs(2, 7, seed=7)
    _check(module, x_q, memory, padding_mask(src, 0), key_padding=src == 0)


def test_model_attention_matches_torch_on_captured_inputs():
    """Inside a whole model, run_with_cache's weights are torch's for the captured inputs and
    the model's own masks: encoder self-attention over padded sources, decoder cross-attention
    onto the encoder output, decoder causal self-attention (post-norm: sublayer input = stream)."""
    model = tiny_model("encoder-decoder", seed=8).double()
    src = random_ids([6, 4], model.config.src_vocab, seed=1)
    tgt = random_ids([5, 5], model.config.target_vocab, seed=2)
    cache = model.run_with_cache(src, tgt)
    enc, dec = model.encoder.layers[0], model.decoder.layers[1]
    memory = cache["encoder.layers.1.hook_resid_post"]
    checks = [
        (enc.self_attn, "encoder.layers.0", "hook_resid_pre", None, src == 0, None),
        (dec.self_attn, "decoder.layers.1", "hook_resid_pre", None, None, torch_causal_mask(5)),
        (dec.cross_attn, "decoder.layers.1", "hook_resid_mid", memory, src == 0, None),
    ]
    for module, layer, stream, kv, key_padding, causal in checks:
        x_q = cache[f"{layer}.{stream}"]
        x_kv = x_q if kv is None else kv
        out, weights = _reference(module, x_q, x_kv, key_padding, causal)
        name = "cross_attn" if module is dec.cross_attn else "self_attn"
        torch.testing.assert_close(
            cache[f"{layer}.{name}.hook_weights"], weights, atol=ATOL, rtol=0
        )
        torch.testing.assert_close(cache[f"{layer}.{name}.hook_out"], out, atol=ATOL, rtol=0)
