"""Law: the output classifier is a linear map to the vocabulary followed by softmax.

``head.hook_logits`` = x W_outᵀ + b for the last stack's output x, recomputed here;
``head.hook_probs`` = exp(logits) / Σ exp(logits), a distribution per position; with
``tie_output`` the classifier's matrix is the target embedding table itself.
"""

from __future__ import annotations

import pytest
import torch
from helpers import SHAPES, head_input, model_inputs, tiny_model


@pytest.mark.parametrize("shape", SHAPES)
def test_logits_and_probabilities(shape):
    model = tiny_model(shape, seed=23, norm="pre")
    cache = model.run_with_cache(*model_inputs(model, [5, 3]))
    weight, bias = model.head.proj.weight.detach(), model.head.proj.bias.detach()
    logits = head_input(model, cache) @ weight.T + bias
    torch.testing.assert_close(cache["head.hook_logits"], logits, atol=1e-5, rtol=0)
    exp = torch.exp(logits - logits.amax(-1, keepdim=True))
    probs = exp / exp.sum(-1, keepdim=True)
    torch.testing.assert_close(cache["head.hook_probs"], probs, atol=1e-6, rtol=0)
    torch.testing.assert_close(probs.sum(-1), torch.ones(probs.shape[:-1]), atol=1e-6, rtol=0)
    vocab = model.config.target_vocab if shape == "encoder-decoder" else model.config.src_vocab
    assert logits.shape[-1] == vocab


@pytest.mark.parametrize("shape", SHAPES)
def test_tied_output_uses_the_embedding_table(shape):
    model = tiny_model(shape, seed=24, tie_output=True)
    stack = model.encoder if shape == "encoder-only" else model.decoder
    assert model.head.proj.weight is stack.embed.table.weight
    cache = model.run_with_cache(*model_inputs(model, [4]))
    table = stack.embed.table.weight.detach()
    expected = head_input(model, cache) @ table.T + model.head.proj.bias.detach()
    torch.testing.assert_close(cache["head.hook_logits"], expected, atol=1e-5, rtol=0)
