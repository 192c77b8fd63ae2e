"""Law: run_with_cache keeps exactly the tensors asked for, and the cache's helpers slice them.

Names are chosen by a list, a glob or a predicate (checked against a selection made here with
plain string tests); ``cache.output`` is ``model(...)``; ``stack_attention`` is
[layer, head, query, key] and equals the per-layer entries; ``attention`` slices one layer,
batch item and head; ``to_numpy`` holds the same numbers; ``dtype`` converts what is kept.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import SHAPES, model_inputs, tiny_model

WEIGHTS = "encoder.layers.{}.self_attn.hook_weights"
PARTS = {
    "encoder": "encoder.layers.{}.self_attn",
    "decoder": "decoder.layers.{}.self_attn",
    "cross": "decoder.layers.{}.cross_attn",
}


@pytest.fixture(scope="module")
def seq2seq():
    model = tiny_model("encoder-decoder", seed=17, n_decoder_layers=3)
    return model, model_inputs(model, [6, 4])


def test_list_of_names(seq2seq):
    model, inputs = seq2seq
    names = ["head.hook_logits", WEIGHTS.format(1), "decoder.layers.0.ln2.hook_var"]
    cache = model.run_with_cache(*inputs, names=names)
    assert set(cache) == set(names)
    assert list(cache) == [n for n in model.hook_names if n in names]  # forward order


def test_glob(seq2seq):
    model, inputs = seq2seq
    cache = model.run_with_cache(*inputs, names="decoder.*.cross_attn.hook_*")
    expected = {
        n for n in model.hook_names if n.startswith("decoder.") and ".cross_attn.hook_" in n
    }
    assert set(cache) == expected
    assert len(expected) == 8 * model.config.n_decoder_layers


def test_predicate(seq2seq):
    model, inputs = seq2seq
    cache = model.run_with_cache(*inputs, names=lambda name: name.endswith("hook_mean"))
    assert set(cache) == {n for n in model.hook_names if n.endswith("hook_mean")}
    c = model.config  # ln1, ln2, ln3 per decoder layer; ln1, ln2 per encoder layer
    assert len(cache) == 3 * c.n_decoder_layers + 2 * c.n_encoder_layers == 13


def test_everything_by_default(seq2seq):
    model, inputs = seq2seq
    cache = model.run_with_cache(*inputs)
    assert set(cache) == set(model.hook_names)


@pytest.mark.parametrize("shape", SHAPES)
def test_output_is_the_models_output(shape):
    model = tiny_model(shape, seed=18)
    inputs = model_inputs(model, [5, 2])
    with torch.no_grad():
        expected = model(*inputs)
    cache = model.run_with_cache(*inputs, names="*.hook_q")
    torch.testing.assert_close(cache.output, expected, atol=1e-6, rtol=0)
    assert torch.equal(cache.output, model.run_with_cache(*inputs, names=[]).output)


def test_stack_attention_and_attention_slices(seq2seq):
    model, inputs = seq2seq
    cache = model.run_with_cache(*inputs, names="*.hook_weights")
    src_len, tgt_len = inputs[0].shape[1], inputs[1].shape[1]
    query_key = {
        "encoder": (src_len, src_len),
        "decoder": (tgt_len, tgt_len),
        "cross": (tgt_len, src_len),
    }
    n_layers = {"encoder": model.config.n_encoder_layers, "decoder": model.config.n_decoder_layers}
    n_layers["cross"] = n_layers["decoder"]
    assert cache.attention_parts == list(PARTS)
    for part, path in PARTS.items():
        stacked = cache.stack_attention(part, batch=1)
        assert stacked.shape == (n_layers[part], model.config.n_heads, *query_key[part])
        for layer in range(n_layers[part]):
            full = cache[path.format(layer) + ".hook_weights"]
            assert torch.equal(stacked[layer], full[1])
            assert torch.equal(cache.attention(part, layer, batch=1), full[1])
            assert torch.equal(cache.attention(part, layer, head=2, batch=1), full[1, 2])
            assert torch.equal(cache.attention(part, layer, head=3), full[0, 3])


def test_to_numpy(seq2seq):
    model, inputs = seq2seq
    cache = model.run_with_cache(*inputs, names=["encoder.pos_encoding.hook_pe", WEIGHTS.format(0)])
    arrays = cache.to_numpy()
    assert set(arrays) == set(cache)
    for name, array in arrays.items():
        assert isinstance(array, np.ndarray)
        np.testing.assert_array_equal(array, cache[name].numpy())


def test_dtype_converts_kept_tensors(seq2seq):
    model, inputs = seq2seq
    full = model.run_with_cache(*inputs, names=WEIGHTS.format(0))
    half = model.run_with_cache(*inputs, names=WEIGHTS.format(0), dtype=torch.float16)
    kept = half[WEIGHTS.format(0)]
    assert kept.dtype == torch.float16
    assert half.nbytes * 2 == full.nbytes
    torch.testing.assert_close(kept.float(), full[WEIGHTS.format(0)], atol=1e-3, rtol=0)
