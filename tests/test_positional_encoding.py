"""Law: the sinusoidal positional encoding is the paper's formula, and it is added to the
embeddings.

PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)), computed here
with plain ``math`` loops; the model's ``pos_encoding.hook_pe`` is the table's first seq rows and
``pos_encoding.hook_out`` = ``embed.hook_out`` + PE. The embedding is E[id] · √d_model.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from helpers import model_inputs, random_ids, tiny_model

from viz_transformer.model.positional import sinusoidal_table


def formula_table(n_positions: int, d_model: int) -> np.ndarray:
    table = np.zeros((n_positions, d_model))
    for pos in range(n_positions):
        for j in range(d_model):
            two_i = j - j % 2
            angle = pos / 10000 ** (two_i / d_model)
            table[pos, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return table


@pytest.mark.parametrize(("n_positions", "d_model"), [(1, 2), (50, 16), (20, 7), (128, 64)])
def test_sinusoidal_table_equals_formula(n_positions, d_model):
    table = sinusoidal_table(n_positions, d_model)
    assert table.shape == (n_positions, d_model)
    np.testing.assert_allclose(
        table.numpy(), formula_table(n_positions, d_model), atol=1e-6, rtol=0
    )


def test_position_zero_is_sin_zero_cos_one():
    row = sinusoidal_table(3, 8)[0]
    assert torch.equal(row, torch.tensor([0.0, 1.0] * 4))


@pytest.mark.parametrize("stack", ["encoder", "decoder"])
def test_hooked_encoding_is_the_formula_added_to_embeddings(stack):
    model = tiny_model("encoder-decoder", seed=2)
    src, tgt = model_inputs(model, [7, 4])
    cache = model.run_with_cache(src, tgt, names=f"{stack}.*")
    ids = src if stack == "encoder" else tgt
    seq, d = ids.shape[1], model.config.d_model
    pe = cache[f"{stack}.pos_encoding.hook_pe"]
    assert pe.shape == (seq, d)
    np.testing.assert_allclose(pe.numpy(), formula_table(seq, d), atol=1e-6, rtol=0)
    embedded = cache[f"{stack}.embed.hook_out"]
    assert torch.equal(cache[f"{stack}.pos_encoding.hook_out"], embedded + pe)


def test_embedding_is_scaled_by_sqrt_d_model():
    model = tiny_model("encoder-only", seed=3)
    ids = random_ids([5, 2], model.config.src_vocab)
    cache = model.run_with_cache(ids, names="encoder.embed.hook_out")
    table = model.encoder.embed.table.weight.detach()
    expected = table[ids] * math.sqrt(model.config.d_model)
    torch.testing.assert_close(cache["encoder.embed.hook_out"], expected, atol=1e-6, rtol=0)
    assert torch.all(cache["encoder.embed.hook_out"][1, 2:] == 0)  # <pad> embeds to zero


def test_learned_encoding_is_its_table_and_none_adds_zero():
    learned = tiny_model("encoder-only", seed=4, positional="learned")
    none = tiny_model("encoder-only", seed=4, positional="none")
    ids = random_ids([6], learned.config.src_vocab)
    cache = learned.run_with_cache(ids, names="encoder.pos_encoding.*")
    table = learned.encoder.pos_encoding.table.detach()
    assert torch.equal(cache["encoder.pos_encoding.hook_pe"], table[:6])
    cache = none.run_with_cache(ids, names=["encoder.embed.hook_out", "encoder.pos_encoding.*"])
    assert torch.all(cache["encoder.pos_encoding.hook_pe"] == 0)
    assert torch.equal(cache["encoder.pos_encoding.hook_out"], cache["encoder.embed.hook_out"])
