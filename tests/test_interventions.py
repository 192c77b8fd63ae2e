"""Interventions against independent constructions: a zeroed head equals zeroed W_O columns,
no positional encoding equals a model built with positional="none", unscaled attention has
scores QKᵀ; every switch is undone after the block, also when it raises."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
import torch
from helpers import model_inputs, tiny_model

from viz_transformer import Transformer, VizTransformerError
from viz_transformer.interventions import ablated


def test_zeroed_head_equals_zeroed_output_projection_columns() -> None:
    model = tiny_model("encoder-decoder")
    inputs = model_inputs(model, [5, 4])
    reference = copy.deepcopy(model)
    d_head = model.config.d_head
    with torch.no_grad():
        reference.decoder.layers[1].cross_attn.w_o.weight[:, d_head : 2 * d_head] = 0.0
    with ablated(model, heads=[("cross", 1, 1)]):
        ours = model(*inputs)
    torch.testing.assert_close(ours, reference(*inputs), atol=1e-6, rtol=0)


def test_no_positional_encoding_equals_a_model_built_without_one() -> None:
    model = tiny_model("decoder-only")
    inputs = model_inputs(model, [6])
    without = Transformer(replace(model.config, positional="none"))
    without.load_state_dict(model.state_dict(), strict=False)
    with ablated(model, positional=True):
        ours = model(*inputs)
    torch.testing.assert_close(ours, without(*inputs), atol=1e-6, rtol=0)


def test_unscaled_attention_scores_are_the_raw_dot_products() -> None:
    model = tiny_model("encoder-only")
    (ids,) = model_inputs(model, [7])
    names = ["encoder.layers.0.self_attn.hook_q", "encoder.layers.0.self_attn.hook_k",
             "encoder.layers.0.self_attn.hook_scores"]  # fmt: skip
    with ablated(model, scaling=True):
        cache = model.run_with_cache(ids, names=names)
    q, k, scores = (cache[n] for n in names)
    torch.testing.assert_close(scores, q @ k.transpose(-2, -1), atol=1e-5, rtol=0)
    assert all(m.scaled for m in model.modules() if hasattr(m, "scaled"))


def test_cut_residual_leaves_only_the_normalised_sublayer() -> None:
    model = tiny_model("encoder-only", norm="post")
    (ids,) = model_inputs(model, [5])
    with ablated(model, residual=True):
        cache = model.run_with_cache(ids, names=["encoder.layers.0.ln1.hook_in",
                                                 "encoder.layers.0.self_attn.hook_out"])  # fmt: skip
    torch.testing.assert_close(
        cache["encoder.layers.0.ln1.hook_in"], cache["encoder.layers.0.self_attn.hook_out"]
    )
    assert all(block.residual_on for block in model.encoder.layers)


def test_everything_is_restored_when_the_block_raises() -> None:
    model = tiny_model("encoder-decoder")
    inputs = model_inputs(model, [5, 4])
    before = model(*inputs)
    with pytest.raises(RuntimeError), ablated(model, heads=[("encoder", 0, 0)], positional=True,
                                              scaling=True, residual=True):  # fmt: skip
        raise RuntimeError("user code failed inside the block")
    torch.testing.assert_close(model(*inputs), before, atol=0, rtol=0)


def test_bad_head_selection_is_refused_with_the_valid_range() -> None:
    model = tiny_model("decoder-only")
    with pytest.raises(VizTransformerError, match="no cross attention"):
        ablated(model, heads=[("cross", 0, 0)]).__enter__()
    with pytest.raises(VizTransformerError, match="head 9 is out of range"):
        ablated(model, heads=[("decoder", 0, 9)]).__enter__()
