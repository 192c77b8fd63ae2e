"""Law: ``run_with_cache(..., heads=[...])`` keeps exactly those heads of a full capture.

Every per-head attention tensor (q, k, v, scores, masked_scores, weights, z) holds the chosen
heads, in the order given, bit for bit equal to the same heads of a capture of every head;
every other tensor is untouched. The cache addresses heads by the model's head numbers
(``attention(head=h)``), refuses a head it did not keep with the heads it holds, and its
``nbytes`` equals the estimate made before the pass. A bad head list fails before the forward
pass and leaves no hook behind. Views read one kept head by its number and refuse views of
every head with the same kind of error.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import all_hook_points, model_inputs, tiny_model
from hypothesis import given, settings
from hypothesis import strategies as st

from viz_transformer import VizTransformerError
from viz_transformer.hooks.memory import estimate_capture_bytes
from viz_transformer.pictures.attention.view import head_attention
from viz_transformer.pictures.entropy.view import head_entropy
from viz_transformer.pictures.grid.view import attention_grid
from viz_transformer.pictures.lines.view import head_lines
from viz_transformer.pictures.masks.view import mask_pipeline
from viz_transformer.pictures.scaling.view import real_scaling

N_HEADS = 4  # the tiny model's
PER_HEAD = ("q", "k", "v", "scores", "masked_scores", "weights", "z")
ATTENTION = "*_attn.hook_*"  # every attention hook of self and cross attention, hook_out too
HEAD_LISTS = st.lists(st.integers(0, N_HEADS - 1), min_size=1, max_size=N_HEADS, unique=True)


@pytest.fixture(scope="module")
def seq2seq():
    """A tiny encoder-decoder, padded inputs, and a capture of every head to compare with."""
    model = tiny_model("encoder-decoder", seed=21)
    inputs = model_inputs(model, [6, 4])
    return model, inputs, model.run_with_cache(*inputs, names=ATTENTION)


def _sizes(inputs: tuple[torch.Tensor, ...]) -> dict[str, int]:
    src, tgt = inputs
    return {"batch": src.shape[0], "src": src.shape[1], "tgt": tgt.shape[1]}


def _is_per_head(name: str) -> bool:
    return name.rsplit(".hook_", 1)[1] in PER_HEAD


@settings(max_examples=30, deadline=None)
@given(heads=HEAD_LISTS)
def test_kept_heads_equal_the_same_heads_of_a_full_capture(seq2seq, heads):
    model, inputs, full = seq2seq
    cache = model.run_with_cache(*inputs, names=ATTENTION, heads=heads)
    assert cache.heads == tuple(heads)
    assert list(cache) == list(full)
    for name, tensor in cache.items():
        expected = full[name][:, heads] if _is_per_head(name) else full[name]
        assert torch.equal(tensor, expected), name
    for part in ("encoder", "decoder", "cross"):
        assert torch.equal(
            cache.stack_attention(part, batch=1), full.stack_attention(part, 1)[:, heads]
        )
        for layer in range(cache.n_layers(part)):
            for head in heads:
                kept = cache.attention(part, layer, head=head, batch=1, kind="masked_scores")
                expected = full.attention(part, layer, head=head, batch=1, kind="masked_scores")
                assert torch.equal(kept, expected)
    assert cache.nbytes == estimate_capture_bytes(model, list(cache), _sizes(inputs), None, heads)


@pytest.mark.parametrize("heads", [[2, 0], [3]])
def test_heads_with_float16_and_a_layer_glob(seq2seq, heads):
    model, inputs, _ = seq2seq
    names = "decoder.layers.1.*"
    half = model.run_with_cache(*inputs, names=names, dtype=torch.float16)
    cache = model.run_with_cache(*inputs, names=names, dtype=torch.float16, heads=heads)
    assert list(cache) == list(half)
    assert all(t.dtype == torch.float16 for t in cache.values())
    for name, tensor in cache.items():
        assert torch.equal(tensor, half[name][:, heads] if _is_per_head(name) else half[name])
    estimate = estimate_capture_bytes(model, list(cache), _sizes(inputs), torch.float16, heads)
    assert cache.nbytes == estimate < half.nbytes


def test_a_head_not_kept_is_refused_with_the_heads_kept(seq2seq):
    model, inputs, _ = seq2seq
    cache = model.run_with_cache(*inputs, names="*.hook_weights", heads=[3, 1])
    with pytest.raises(
        VizTransformerError, match=r"head 0 was not captured.*\[3, 1\].*heads=\[3, 1, 0\]"
    ):
        cache.attention("cross", 0, head=0)
    with pytest.raises(VizTransformerError, match=r"head 4 is out of range.*heads 0 to 3"):
        cache.attention("cross", 0, head=4)


@pytest.mark.parametrize(
    ("heads", "message"),
    [
        ([], r"non-empty.*4 heads \(0 to 3\)"),
        ([0, 4], r"head 4 is out of range.*heads 0 to 3"),
        ([-5], r"head -5 is out of range.*heads 0 to 3"),
        ([3, -1], r"repeats a head"),  # -1 is head 3
        ([1.0], r"head 1.0 is out of range.*heads 0 to 3"),
        ([True], r"head True is out of range"),
        ([2, 1, 2], r"repeats a head"),
        (2, r"non-empty list.*0 to 3"),
        ("01", r"non-empty list.*0 to 3"),
    ],
)
def test_a_bad_head_list_fails_before_the_forward_and_leaves_no_hook(seq2seq, heads, message):
    model, inputs, _ = seq2seq
    forwards: list[int] = []
    handle = model.register_forward_pre_hook(lambda module, args: forwards.append(1))
    try:
        with pytest.raises(VizTransformerError, match=message):
            model.run_with_cache(*inputs, heads=heads)
    finally:
        handle.remove()
    assert forwards == []
    assert all(len(point._forward_hooks) == 0 for point in all_hook_points(model))
    assert model._sinks == {}


def test_views_read_a_kept_head_by_its_model_number(seq2seq):
    """Heads [2, 0]: read by position, head 0 would be head 2 and head 2 out of range."""
    model, inputs, full = seq2seq
    cache = model.run_with_cache(*inputs, names=ATTENTION, heads=[2, 0])
    for part in ("encoder", "decoder", "cross"):
        for head in (0, 2):
            one = head_attention(cache, part, 1, head=head, batch=1)
            expected = head_attention(full, part, 1, head=head, batch=1)
            np.testing.assert_array_equal(one.weights, expected.weights)
            assert one.title == expected.title
            pipeline = mask_pipeline(cache, inputs, part, 1, head, batch=1)
            expected_pipeline = mask_pipeline(full, inputs, part, 1, head, batch=1)
            np.testing.assert_array_equal(pipeline.masked_scores, expected_pipeline.masked_scores)
    curves = real_scaling(cache, "encoder", 0, 2)
    np.testing.assert_array_equal(curves.entropy, real_scaling(full, "encoder", 0, 2).entropy)
    with pytest.raises(VizTransformerError, match=r"head 1 was not captured.*\[2, 0\]"):
        head_attention(cache, "encoder", 0, head=1)


@pytest.mark.parametrize(
    "view",
    [
        lambda cache: attention_grid(cache, "encoder"),
        lambda cache: head_entropy(cache, "cross"),
        lambda cache: head_lines(cache, "decoder", 0),
        lambda cache: head_attention(cache, "encoder", 0, head="mean"),
    ],
)
def test_views_of_every_head_refuse_a_cache_of_some_heads(seq2seq, view):
    model, inputs, full = seq2seq
    view(full)  # a capture of every head serves them
    cache = model.run_with_cache(*inputs, names="*.hook_weights", heads=[3, 1])
    with pytest.raises(
        VizTransformerError, match=r"needs every head.*heads \[3, 1\] of 4.*heads=None"
    ):
        view(cache)
