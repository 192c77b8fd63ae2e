"""Law: without positional information a Transformer is permutation-equivariant.

The seed example first: a linear layer (w = [[1,2],[3,4],[5,6]]) on the 3×3 input
x = [[1,2,3],[4,5,6],[7,8,9]] and on x with rows swapped gives outputs with rows swapped
(exact integers). Then with ``positional="none"`` permuting the source tokens permutes the
encoder's output rows (atol 1e-5); with the sinusoidal encoding it does not.
"""

from __future__ import annotations

import pytest
import torch
from helpers import random_ids, tiny_model
from torch import nn

W = [[1, 2], [3, 4], [5, 6]]
X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_linear_layer_on_swapped_rows_swaps_output_rows():
    linear = nn.Linear(3, 2, bias=False).double()
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(W, dtype=torch.float64).T)  # y = x w
        x = torch.tensor(X, dtype=torch.float64)
        swapped = x[[1, 0, 2]]
        y, y_swapped = linear(x), linear(swapped)
    assert swapped.tolist() == [[4, 5, 6], [1, 2, 3], [7, 8, 9]]
    assert y.tolist() == [[22, 28], [49, 64], [76, 100]]
    assert y_swapped.tolist() == [[49, 64], [22, 28], [76, 100]]


def _encoder_output(model, ids):
    with torch.no_grad():
        return model.encode(ids)


@pytest.mark.parametrize("norm", ["post", "pre"])
@pytest.mark.parametrize("shape", ["encoder-only", "encoder-decoder"])
def test_without_positions_permuting_tokens_permutes_outputs(shape, norm):
    model = tiny_model(shape, seed=7, norm=norm, positional="none")
    ids = random_ids([8], model.config.src_vocab, seed=4)
    perm = torch.randperm(8, generator=torch.Generator().manual_seed(1))
    assert not torch.equal(perm, torch.arange(8))
    out, out_permuted = _encoder_output(model, ids), _encoder_output(model, ids[:, perm])
    torch.testing.assert_close(out_permuted, out[:, perm], atol=1e-5, rtol=0)


def test_without_positions_a_shuffled_padded_batch_is_permuted_too():
    """Padding is only a key mask: shuffling a padded sentence's real tokens still permutes."""
    model = tiny_model("encoder-only", seed=8, positional="none")
    ids = random_ids([8, 5], model.config.src_vocab, seed=5)
    perm = torch.tensor([4, 2, 0, 3, 1, 5, 6, 7])  # real tokens of row 1 only, pads stay put
    out, out_permuted = _encoder_output(model, ids), _encoder_output(model, ids[:, perm])
    torch.testing.assert_close(out_permuted[0], out[0, perm], atol=1e-5, rtol=0)
    torch.testing.assert_close(out_permuted[1, :5], out[1, perm[:5]], atol=1e-5, rtol=0)


@pytest.mark.parametrize("positional", ["sinusoidal", "learned"])
def test_with_positions_permuting_tokens_changes_outputs(positional):
    model = tiny_model("encoder-only", seed=7, positional=positional)
    ids = random_ids([8], model.config.src_vocab, seed=4)
    perm = torch.randperm(8, generator=torch.Generator().manual_seed(1))
    out, out_permuted = _encoder_output(model, ids), _encoder_output(model, ids[:, perm])
    assert (out_permuted - out[:, perm]).abs().max() > 1e-2
