"""Per-head attention out of models we did not build: torch.nn modules through the adapter,
and a Hugging Face model's ``attentions`` tuple straight into the views."""

from __future__ import annotations

import importlib
import os

import numpy as np
import pytest
import torch
from torch import nn

from viz_transformer import VizTransformerError
from viz_transformer.adapters import group_by_part, record_attention
from viz_transformer.pictures.attention.view import head_attention
from viz_transformer.pictures.grid.view import attention_grid


def test_multihead_attention_weights_match_its_own_per_head_output():
    torch.manual_seed(0)
    attention = nn.MultiheadAttention(8, 2, batch_first=True).eval()
    x = torch.randn(2, 5, 8)
    with torch.no_grad():
        expected = attention(x, x, x, average_attn_weights=False)[1]
        with record_attention(attention) as weights:
            attention(x, x, x, need_weights=False)  # as nn.Transformer layers call it
    np.testing.assert_allclose(weights[""], expected, atol=1e-6)
    view = head_attention((weights[""],), "self", 0, 1, batch=1)
    np.testing.assert_allclose(view.weights, expected[1, 1].double(), atol=1e-6)


def test_nn_transformer_gives_every_part_and_the_same_output():
    torch.manual_seed(0)
    model = nn.Transformer(16, 4, 2, 2, 32, dropout=0.0, batch_first=True).eval()
    src, tgt = torch.randn(1, 6, 16), torch.randn(1, 3, 16)
    mask = nn.Transformer.generate_square_subsequent_mask(3)
    with torch.no_grad():
        reference = model(src, tgt, tgt_mask=mask)  # the encoder's fused fast path
        with record_attention(model) as weights:
            output = model(src, tgt, tgt_mask=mask)
    torch.testing.assert_close(output, reference, atol=1e-5, rtol=1e-5)
    parts = group_by_part(weights)
    assert {k: len(v) for k, v in parts.items()} == {
        "encoder.layers.*.self_attn": 2,
        "decoder.layers.*.self_attn": 2,
        "decoder.layers.*.multihead_attn": 2,
    }
    cross = attention_grid(parts["decoder.layers.*.multihead_attn"], "cross")
    assert cross.weights.shape == (2, 4, 3, 6)
    decoder = attention_grid(parts["decoder.layers.*.self_attn"], "decoder").weights
    assert (decoder[..., np.triu_indices(3, 1)[0], np.triu_indices(3, 1)[1]] == 0).all()
    assert torch.backends.mha.get_fastpath_enabled()  # restored after the block


def test_a_model_without_multihead_attention_is_refused_with_the_hugging_face_hint():
    with (
        pytest.raises(VizTransformerError, match="output_attentions=True"),
        record_attention(nn.Linear(2, 2)),
    ):
        pass


def test_a_tiny_hugging_face_model_built_from_a_config():
    transformers = _require("transformers")
    config = transformers.BertConfig(
        vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=32, max_position_embeddings=16, attn_implementation="eager",
    )  # fmt: skip
    torch.manual_seed(0)
    model = transformers.BertModel(config).eval()
    ids = torch.tensor([[1, 5, 7, 9, 2]])
    with torch.no_grad():
        attentions = model(ids, output_attentions=True).attentions
    tokens = ["[CLS]", "a", "b", "c", "[SEP]"]
    grid = attention_grid(attentions, "encoder", tokens, tokens)
    assert grid.weights.shape == (2, 4, 5, 5)
    np.testing.assert_allclose(grid.weights.sum(-1), 1.0, atol=1e-6)
    view = head_attention(attentions, "encoder", 1, 3, tokens, tokens)
    np.testing.assert_array_equal(view.weights, attentions[1][0, 3].double().numpy())


def _require(module: str):
    """Import ``module``; skip when absent locally, but fail on CI, which installs [test]."""
    if os.environ.get("CI") == "true":
        return importlib.import_module(module)
    return pytest.importorskip(
        module, reason=f"{module} (the [test] / [hf] extra) is not installed"
    )
