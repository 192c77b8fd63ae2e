"""Law: one of our encoder (decoder) layers is torch's TransformerEncoderLayer
(TransformerDecoderLayer) with the same weights.

Post-norm x ← LN(x + Sublayer(x)) and pre-norm x ← x + Sublayer(LN(x)), ReLU and GELU,
in float64, eval mode, dropout 0: encoder layers over padded sources, decoder layers with a
causal target mask, target padding and source (memory) padding.
"""

from __future__ import annotations

import pytest
import torch
from helpers import (
    random_ids,
    tiny_model,
    torch_causal_mask,
    torch_decoder_layer,
    torch_encoder_layer,
)

from viz_transformer.model.masks import causal_mask, padding_mask

ATOL = 1e-6
VARIANTS = [(norm, act) for norm in ("post", "pre") for act in ("relu", "gelu")]


def _model(norm: str, activation: str):
    return tiny_model("encoder-decoder", seed=3, norm=norm, activation=activation).double()


def _stream(batch: int, length: int, d_model: int, seed: int):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(batch, length, d_model, generator=gen, dtype=torch.float64)


@pytest.mark.parametrize(("norm", "activation"), VARIANTS)
def test_encoder_layer_equals_torch(norm, activation):
    model = _model(norm, activation)
    ours = model.encoder.layers[0]
    ref = torch_encoder_layer(ours, model.config)
    src = random_ids([6, 3, 5], vocab=10, seed=1)
    x = _stream(3, 6, model.config.d_model, seed=2)
    with torch.no_grad():
        out = ours(x, padding_mask(src, 0))
    # grad enabled: torch's inference fast path (which zeroes padded rows) stays off
    expected = ref(x, src_key_padding_mask=src == 0)
    torch.testing.assert_close(out, expected.detach(), atol=ATOL, rtol=0)


@pytest.mark.parametrize(("norm", "activation"), VARIANTS)
def test_decoder_layer_equals_torch(norm, activation):
    model = _model(norm, activation)
    ours = model.decoder.layers[1]
    ref = torch_decoder_layer(ours, model.config)
    src = random_ids([7, 4], vocab=10, seed=3)
    tgt = random_ids([5, 3], vocab=10, seed=4)
    x = _stream(2, 5, model.config.d_model, seed=5)
    memory = _stream(2, 7, model.config.d_model, seed=6)
    self_mask = causal_mask(5) & padding_mask(tgt, 0)
    with torch.no_grad():
        out = ours(x, self_mask, memory, padding_mask(src, 0))
    expected = ref(
        x,
        memory,
        tgt_mask=torch_causal_mask(5),
        tgt_key_padding_mask=tgt == 0,
        memory_key_padding_mask=src == 0,
    )
    torch.testing.assert_close(out, expected.detach(), atol=ATOL, rtol=0)


@pytest.mark.parametrize("norm", ["post", "pre"])
def test_decoder_only_block_equals_torch_encoder_layer_with_causal_mask(norm):
    """A GPT block is an encoder layer with a causal mask: torch's encoder layer agrees."""
    model = tiny_model("decoder-only", seed=4, norm=norm).double()
    ours = model.decoder.layers[0]
    ref = torch_encoder_layer(ours, model.config)
    x = _stream(2, 6, model.config.d_model, seed=7)
    with torch.no_grad():
        out = ours(x, causal_mask(6))
    expected = ref(x, src_mask=torch_causal_mask(6))
    torch.testing.assert_close(out, expected.detach(), atol=ATOL, rtol=0)
