"""Attention views hand renderers exactly the cache's numbers, from any attention source,
and refuse bad selections with advice."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import random_ids, tiny_model

from viz_transformer import VizTransformerError
from viz_transformer.pictures.attention.view import head_attention
from viz_transformer.pictures.detectors.view import head_detectors, pattern_targets
from viz_transformer.pictures.entropy.view import head_entropy
from viz_transformer.pictures.grid.view import attention_grid
from viz_transformer.pictures.lines.view import head_lines


@pytest.fixture(scope="module")
def run():
    """An encoder-decoder on a padded batch of two, every attention hook captured."""
    model = tiny_model("encoder-decoder")
    src = random_ids([5, 3], model.config.src_vocab)
    tgt = random_ids([4, 2], model.config.target_vocab, seed=1)
    return model.run_with_cache(src, tgt, names="*.hook_weights")


def cached(cache, part, layer, batch=1):
    name = {"encoder": "encoder.layers.{}.self_attn", "decoder": "decoder.layers.{}.self_attn",
            "cross": "decoder.layers.{}.cross_attn"}[part].format(layer)  # fmt: skip
    return cache[f"{name}.hook_weights"][batch].double().numpy()


@pytest.mark.parametrize("part", ["encoder", "decoder", "cross"])
def test_one_head_is_the_cached_slice(run, part):
    view = head_attention(run, part, 1, 2, batch=1)
    np.testing.assert_array_equal(view.weights, cached(run, part, 1)[2])
    assert view.query_tokens == [str(i) for i in range(view.weights.shape[0])]


def test_heads_combined_are_the_mean_and_max_of_the_cached_heads(run):
    heads = cached(run, "cross", 0)
    np.testing.assert_allclose(
        head_attention(run, "cross", 0, "mean", batch=1).weights, heads.mean(0)
    )
    np.testing.assert_array_equal(
        head_attention(run, "cross", 0, "max", batch=1).weights, heads.max(0)
    )


def test_masked_cells_are_exactly_zero(run):
    """Batch item 1 has 3 real source tokens and 2 real target tokens: the rest is padding."""
    decoder = head_attention(run, "decoder", 0, 0, batch=1).weights
    assert (decoder[np.triu_indices(4, 1)] == 0).all()  # causal: no future
    assert (decoder[:, 2:] == 0).all()  # padded target keys
    assert (head_attention(run, "cross", 1, 3, batch=1).weights[:, 3:] == 0).all()


def test_the_grid_stacks_every_layer_and_head(run):
    grid = attention_grid(run, "encoder", batch=1)
    for layer in range(2):
        np.testing.assert_array_equal(grid.weights[layer], cached(run, "encoder", layer))


def test_lines_keep_the_selected_heads_in_order(run):
    lines = head_lines(run, "decoder", 1, head=[3, 1], batch=1)
    assert lines.heads == [3, 1]
    np.testing.assert_array_equal(lines.weights, cached(run, "decoder", 1)[[3, 1]])


def test_entropy_in_bits_over_queries_that_attend():
    uniform = np.full((1, 2, 3, 4), 0.25)
    uniform[0, 1] = np.eye(3, 4)  # head 1: one key per query → 0 bits
    uniform[0, 0, 2] = 0.0  # a query with every key masked: left out
    panel = head_entropy(uniform, "encoder")
    np.testing.assert_allclose(panel.values, [[2.0, 0.0]])
    assert (panel.vmin, panel.vmax) == (0.0, 2.0)


def test_detector_targets_follow_their_definitions():
    assert pattern_targets("previous", 3, 3).nonzero()[1].tolist() == [0, 1]
    keys = ["a", "b", "c", "<eos>"]
    assert pattern_targets("anti-diagonal", 3, 4, key_tokens=keys).nonzero()[1].tolist() == [
        2,
        1,
        0,
    ]
    tokens = ["x", "a", "b", "a", "b"]
    induction = pattern_targets("induction", 5, 5, tokens, tokens)
    assert [idx.tolist() for idx in induction.nonzero()] == [[3, 4], [2, 3]]


def test_a_perfect_previous_token_head_scores_1_and_others_less():
    previous = np.zeros((4, 4))
    previous[0, 0] = 1
    previous[np.arange(1, 4), np.arange(0, 3)] = 1
    stack = np.stack([previous, np.full((4, 4), 0.25)])[None]  # [1 layer, 2 heads, 4, 4]
    tokens = list("abab")
    scores = {p.title: p.values for p in head_detectors(stack, "decoder", tokens, tokens)}
    assert scores["previous"][0].tolist() == [1.0, 0.25]
    assert scores["first"][0, 0] == 0.5  # queries 0 and 1 look at key 0
    assert "induction" in scores


def test_induction_is_left_out_for_cross_attention(run):
    titles = [p.title for p in head_detectors(run, "cross", list("abcd"), list("abcde"))]
    assert "induction" not in titles and "previous" in titles


def test_a_bertviz_tuple_and_a_layer_head_array_give_the_same_views(run):
    stacked = run.stack_attention("encoder", batch=1)  # [layer, head, q, k]
    as_tuple = tuple(layer[None] for layer in stacked)  # [1, head, q, k] per layer
    for source in (as_tuple, stacked, stacked.numpy()):
        np.testing.assert_array_equal(
            head_attention(source, "encoder", 1, 2).weights, cached(run, "encoder", 1)[2]
        )
        np.testing.assert_array_equal(attention_grid(source, "encoder").weights, stacked.double())


@pytest.mark.parametrize(
    ("call", "fragments"),
    [
        (lambda c: head_attention(c, "encoder", 9, 0), ["layer 9", "0 to 1"]),
        (lambda c: head_attention(c, "encoder", 0, -5), ["head -5", "0 to 3", "-4 to -1"]),
        (lambda c: head_lines(c, "encoder", 0, head=[4]), ["head 4"]),
        (lambda c: attention_grid(c, "encoder", batch=2), ["batch item 2"]),
        (lambda c: head_attention(c, "encoder", 0, 0, query_tokens=["a"]), ["1 query tokens"]),
        (
            lambda c: head_attention(torch.zeros(2, 3, 3), "encoder", 0),
            ["[layer, head, query, key]"],
        ),
    ],
)
def test_bad_selections_say_what_is_valid(run, call, fragments):
    with pytest.raises(VizTransformerError) as info:
        call(run)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_a_view_needing_an_uncaptured_hook_names_the_hook_to_capture():
    model = tiny_model("encoder-only")
    cache = model.run_with_cache(random_ids([4], model.config.src_vocab), names="*.hook_q")
    with pytest.raises(VizTransformerError) as info:
        attention_grid(cache, "encoder")
    assert "encoder.layers.0.self_attn.hook_weights" in str(info.value)
    assert "run_with_cache" in str(info.value)
