"""Law (issue 13, one vocabulary): layers, heads and batch items count from the end as in
Python, and ``head=`` means the same in every view.

For every layer i in range(-n, n) a view at layer i equals the view at i % n, data and title,
and no hook name holds a negative number. ``head="mean"`` is the numpy mean of the cache's
heads, ``"max"`` their max, a list the mean over the listed heads (lines: one row per listed
head), an int that head (negative: from the end). The expected matrices are read straight
from the cache's tensors by hook name, not through the views' helpers. A bad choice (out of
range, an empty list, a head named twice, an unknown word, a bool, None) is a
VizTransformerError whose message names the valid range.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from helpers import model_inputs, tiny_char_model, tiny_model
from hypothesis import given, settings
from hypothesis import strategies as st

from viz_transformer import VizTransformerError
from viz_transformer.checkpoints import Checkpoint, Snapshot
from viz_transformer.errors import check_index
from viz_transformer.pictures.architecture.view import architecture_map
from viz_transformer.pictures.attention.view import head_attention
from viz_transformer.pictures.block_tensor.view import block_tensor
from viz_transformer.pictures.common.head_choice import head_options, view_head
from viz_transformer.pictures.common.selection import layer_path
from viz_transformer.pictures.generation.view import generation_step
from viz_transformer.pictures.history.view import training_frame
from viz_transformer.pictures.layer_norm.view import layer_norm_parameters, layer_norm_statistics
from viz_transformer.pictures.lines.view import head_lines
from viz_transformer.pictures.masks.view import mask_pipeline
from viz_transformer.pictures.scaling.view import real_scaling
from viz_transformer.tokenizers import CharTokenizer

N_HEADS = 4
N_LAYERS = {"encoder": 2, "decoder": 3, "cross": 3}
MODULE = {
    "encoder": "encoder.layers.{}.self_attn",
    "decoder": "decoder.layers.{}.self_attn",
    "cross": "decoder.layers.{}.cross_attn",
}
PARTS = tuple(MODULE)
BATCH = 2
SETTINGS = settings(max_examples=40, deadline=None)


@pytest.fixture(scope="module")
def seq2seq():
    """An encoder-decoder of 2 + 3 layers, 4 heads, every hook of a padded batch of two."""
    model = tiny_model("encoder-decoder", seed=13, n_decoder_layers=3)
    inputs = model_inputs(model, [6, 4])
    return model, inputs, model.run_with_cache(*inputs)


@pytest.fixture(scope="module")
def generation():
    """A greedy decoding of 4 steps by a 2-layer, 2-head model, every step's weights kept."""
    model, tokenizer = tiny_char_model()
    src = torch.tensor([tokenizer.encode("abcdef", add_eos=True)])
    result = model.generate(src, max_new_tokens=4, return_caches=True, names="*.hook_weights")
    return result, tokenizer


@pytest.fixture(scope="module")
def checkpoint() -> Checkpoint:
    """A tiny encoder-decoder (2 + 3 layers, 4 heads) with three snapshots of its probe."""
    model = tiny_model("encoder-decoder", seed=5, n_decoder_layers=3)
    src, tgt = torch.tensor([[4, 5, 6, 2]]), torch.tensor([[1, 6, 5]])
    snapshots = []
    for step in (0, 10, 20):
        torch.manual_seed(step)
        with torch.no_grad():
            for p in model.parameters():
                p.add_(0.1 * torch.randn_like(p))
        cache = model.run_with_cache(src, tgt, names="*.hook_weights")
        attention = {part: cache.stack_attention(part) for part in cache.attention_parts}
        snapshots.append(Snapshot(step, loss=1.0, accuracy=0.5, attention=attention))
    tokens = {"encoder": ["a", "b", "c", "<eos>"], "decoder": ["<bos>", "c", "b"]}
    info = {"probe": {"source": "abc", "target": "cba", "tokens": tokens}}
    return Checkpoint(model, CharTokenizer("abc"), "toy", snapshots, info)


# ---- what a choice should show, computed here from the cache's own tensors


def head_choices(n: int = N_HEADS):
    """An index (from the end too), a list of distinct heads (each written either way),
    "mean" or "max"."""
    index = st.integers(-n, n - 1)
    listed = st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True).flatmap(
        lambda heads: st.tuples(*[st.sampled_from([h, h - n]) for h in heads]).map(list)
    )
    return st.one_of(index, listed, st.sampled_from(["mean", "max"]))


def expected_matrix(per_head: np.ndarray, head, n: int = N_HEADS) -> np.ndarray:
    """``per_head`` [head, query, key] as ``head`` asks, with numpy."""
    if head == "mean":
        return per_head.mean(axis=0)
    if head == "max":
        return per_head.max(axis=0)
    if isinstance(head, list):
        return np.mean([per_head[h % n] for h in head], axis=0)
    return per_head[head % n]


def expected_label(head, n: int = N_HEADS) -> str:
    if isinstance(head, str):
        return f"{head} over heads"
    if isinstance(head, list):
        numbers = [h % n for h in head]
        if len(numbers) == 1:
            return f"head {numbers[0]}"
        return f"heads {', '.join(map(str, numbers))} (mean)"
    return f"head {head % n}"


def cached(cache, part: str, layer: int, batch: int, kind: str = "weights") -> np.ndarray:
    """[head, query, key] of one layer and batch item, read by hook name."""
    return cache[f"{MODULE[part].format(layer)}.hook_{kind}"][batch].numpy()


def assert_close(actual, expected) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), expected, rtol=1e-6, atol=1e-7)


def assert_same(a, b, fields: tuple[str, ...]) -> None:
    """Two views hold the same arrays in ``fields`` and the same title."""
    for field in fields:
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.title == b.title


# ---- indices from the end


@given(count=st.integers(1, 64), data=st.data())
def test_check_index_counts_from_the_end_and_names_the_range(count, data):
    value = data.draw(st.integers(-count, count - 1))
    assert check_index("layer", value, count, "the stack") == value % count
    outside = data.draw(
        st.one_of(st.integers(count, count + 99), st.integers(-count - 99, -count - 1))
    )
    with pytest.raises(VizTransformerError) as info:
        check_index("layer", outside, count, "the stack")
    message = str(info.value)
    assert f"layer {outside} is out of range" in message
    assert f"layers 0 to {count - 1}" in message and f"{-count} to -1" in message


@pytest.mark.parametrize("part", PARTS)
def test_hook_names_and_layer_paths_hold_the_non_negative_layer(seq2seq, part):
    _, _, cache = seq2seq
    n = N_LAYERS[part]
    stack = "encoder" if part == "encoder" else "decoder"
    for layer in range(-n, n):
        name = cache.attention_name(part, layer)
        assert name == f"{MODULE[part].format(layer % n)}.hook_weights"
        assert cache.layer_index(part, layer) == layer % n
        assert layer_path(cache, stack, layer) == f"{stack}.layers.{layer % n}"
        assert "-" not in name
        np.testing.assert_array_equal(
            cache.attention(part, layer, batch=-1), cached(cache, part, layer % n, BATCH - 1)
        )


# ---- one matrix per view: every layer, head choice and batch item


@SETTINGS
@given(part=st.sampled_from(PARTS), head=head_choices(), data=st.data())
def test_head_attention_shows_the_choice_at_any_layer(seq2seq, part, head, data):
    _, _, cache = seq2seq
    n = N_LAYERS[part]
    layer = data.draw(st.integers(-n, n - 1))
    batch = data.draw(st.integers(-BATCH, BATCH - 1))
    view = head_attention(cache, part, layer, head, batch=batch)
    expected = expected_matrix(cached(cache, part, layer % n, batch % BATCH), head)
    assert_close(view.weights, expected)
    assert view.title == f"{part} attention · layer {layer % n} · {expected_label(head)}"
    assert_same(
        view, head_attention(cache, part, layer % n, head, batch=batch % BATCH), ("weights",)
    )
    # any model's attention: a [layer, head, query, key] array and a bertviz-style tuple
    per_layer = [cache[f"{MODULE[part].format(i)}.hook_weights"] for i in range(n)]
    array = np.stack([t[batch % BATCH].numpy() for t in per_layer])
    for source, at in ((array, 0), (tuple(per_layer), batch)):
        other = head_attention(source, part, layer, head, batch=at)
        assert_close(other.weights, expected)
        assert other.title == view.title


@SETTINGS
@given(part=st.sampled_from(PARTS), head=st.one_of(st.none(), head_choices()), data=st.data())
def test_head_lines_draw_the_choice_at_any_layer(seq2seq, part, head, data):
    _, _, cache = seq2seq
    n = N_LAYERS[part]
    layer = data.draw(st.integers(-n, n - 1))
    batch = data.draw(st.integers(-BATCH, BATCH - 1))
    lines = head_lines(cache, part, layer, head, batch=batch)
    per_head = cached(cache, part, layer % n, batch % BATCH)
    if head is None:
        heads, which = list(range(N_HEADS)), "all heads"
    elif isinstance(head, str):
        heads, which = [-1], f"{head} over heads"
    else:
        heads = [h % N_HEADS for h in (head if isinstance(head, list) else [head])]
        which = expected_label(head).removesuffix(" (mean)")
    assert lines.heads == heads
    if isinstance(head, str):
        assert_close(lines.weights[0], expected_matrix(per_head, head))
        assert lines.labels == [which]
    else:
        assert_close(lines.weights, per_head[heads])
        assert lines.labels == [f"head {h}" for h in heads]
    assert lines.title == f"{part} attention · layer {layer % n} · {which}"
    again = head_lines(cache, part, layer % n, head, batch=batch % BATCH)
    assert_same(lines, again, ("weights",))


@SETTINGS
@given(part=st.sampled_from(PARTS), head=head_choices(), data=st.data())
def test_mask_pipeline_combines_each_step_at_any_layer(seq2seq, part, head, data):
    _, inputs, cache = seq2seq
    n = N_LAYERS[part]
    layer = data.draw(st.integers(-n, n - 1))
    batch = data.draw(st.integers(-BATCH, BATCH - 1))
    view = mask_pipeline(cache, inputs, part, layer, head, batch)
    for field, kind in (
        ("scores", "scores"),
        ("masked_scores", "masked_scores"),
        ("weights", "weights"),
    ):
        per_head = cached(cache, part, layer % n, batch % BATCH, kind)
        assert_close(getattr(view, field), expected_matrix(per_head, head))
    assert view.title.startswith(f"{part} attention, layer {layer % n}, {expected_label(head)} — ")
    again = mask_pipeline(cache, inputs, part, layer % n, head, batch % BATCH)
    assert_same(view, again, ("scores", "allowed", "masked_scores", "weights"))


@settings(max_examples=25, deadline=None)
@given(part=st.sampled_from(PARTS), head=head_choices(), data=st.data())
def test_real_scaling_reads_the_choice_at_any_layer(seq2seq, part, head, data):
    _, _, cache = seq2seq
    n = N_LAYERS[part]
    layer = data.draw(st.integers(-n, n - 1))
    curves = real_scaling(cache, part, layer, head)
    assert curves.source == f"{part} layer {layer % n}, {expected_label(head)}"
    again = real_scaling(cache, part, layer % n, head)
    assert_same(curves, again, ("d_k", "score_std", "max_weight", "entropy", "gradient_norm"))
    # the entropy of softmax(S) for the combined scaled scores S, computed here
    scaled = expected_matrix(cached(cache, part, layer % n, 0, "masked_scores"), head)
    rows = scaled[np.isfinite(scaled).any(axis=-1)]
    p = np.exp(rows - rows.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    logs = np.log2(np.where(p > 0, p, 1.0))
    entropy = float(-(p * logs).sum(axis=-1).mean())
    assert math.isclose(curves.entropy[1, 0], entropy, rel_tol=1e-5, abs_tol=1e-6)
    assert curves.d_k[0] == cache[f"{MODULE[part].format(layer % n)}.hook_q"].shape[-1]


@SETTINGS
@given(head=head_choices(2), data=st.data())
def test_generation_step_shows_the_choice_at_any_step_and_layer(generation, head, data):
    result, tokenizer = generation
    n_steps = len(result.caches)
    step = data.draw(st.integers(-n_steps, n_steps - 1))
    layer = data.draw(st.integers(-2, 1))
    view = generation_step(result, tokenizer, step, layer, head)
    cache = result.caches[step % n_steps]
    for field, module in (("self_weights", "self_attn"), ("cross_weights", "cross_attn")):
        per_head = cache[f"decoder.layers.{layer % 2}.{module}.hook_weights"][0].numpy()
        assert_close(getattr(view, field), expected_matrix(per_head, head, 2))
    assert view.step == step % n_steps
    assert view.title.startswith(f"step {step % n_steps + 1} of {n_steps}: writes ")
    assert view.title.endswith(f" · decoder layer {layer % 2}, {expected_label(head, 2)}")
    again = generation_step(result, tokenizer, step % n_steps, layer % 2, head)
    assert_same(view, again, ("self_weights", "cross_weights", "top_probs"))


def test_generation_step_and_training_frame_default_to_the_mean(generation, checkpoint):
    result, tokenizer = generation
    view = generation_step(result, tokenizer, 1)
    assert_same(view, generation_step(result, tokenizer, 1, 1, "mean"), ("self_weights",))
    assert view.title.endswith("· decoder layer 1, mean over heads")
    frame = training_frame(checkpoint, 0, "cross", 1)
    assert_same(frame, training_frame(checkpoint, 0, "cross", 1, "mean"), ("weights",))
    assert "mean over heads" in frame.title


@SETTINGS
@given(part=st.sampled_from(PARTS), head=head_choices(), data=st.data())
def test_training_frame_shows_the_choice_at_any_snapshot_and_layer(checkpoint, part, head, data):
    n = N_LAYERS[part]
    index = data.draw(st.integers(-3, 2))
    layer = data.draw(st.integers(-n, n - 1))
    frame = training_frame(checkpoint, index, part, layer, head)
    snapshot = checkpoint.snapshots[index % 3]
    per_head = snapshot.attention[part][layer % n].numpy()
    assert_close(frame.weights, expected_matrix(per_head, head))
    assert frame.index == index % 3
    assert frame.title == (
        f"toy: {part} attention, layer {layer % n}, {expected_label(head)}, "
        f"training step {snapshot.step}"
    )
    assert_same(frame, training_frame(checkpoint, index % 3, part, layer % n, head), ("weights",))


@SETTINGS
@given(part=st.sampled_from(PARTS), head=head_choices(), data=st.data())
def test_block_tensor_shows_the_choice_of_a_per_head_tensor(seq2seq, part, head, data):
    model, _, cache = seq2seq
    n = N_LAYERS[part]
    layer = data.draw(st.integers(0, n - 1))
    batch = data.draw(st.integers(-BATCH, BATCH - 1))
    kind = data.draw(st.sampled_from(["weights", "scores", "q", "z"]))
    block = architecture_map(model, cache).block(MODULE[part].format(layer))
    hook = f"{block.path}.hook_{kind}"
    view = block_tensor(cache, block, hook, head=head, batch=batch)
    assert_close(
        view.values, expected_matrix(cached(cache, part, layer, batch % BATCH, kind), head)
    )
    assert view.title.startswith(f"{hook} · {expected_label(head)} of ")
    again = block_tensor(cache, block, hook, head=head, batch=batch % BATCH)
    assert_same(view, again, ("values",))


def test_block_tensor_names_the_non_negative_batch_item(seq2seq):
    model, _, cache = seq2seq
    block = architecture_map(model, cache).block("encoder.layers.1.ffn")
    view = block_tensor(cache, block, batch=-1)
    assert_same(view, block_tensor(cache, block, batch=BATCH - 1), ("values",))
    assert f"batch item {BATCH - 1} of" in view.title


@pytest.mark.parametrize("stack", ["encoder", "decoder"])
def test_layer_norm_views_count_layers_from_the_end(seq2seq, stack):
    model, _, cache = seq2seq
    n = N_LAYERS[stack]
    for layer in range(-n, n):
        params = layer_norm_parameters(model, stack, layer)
        assert_same(params, layer_norm_parameters(model, stack, layer % n), ("gamma", "beta"))
        assert params.title.startswith(f"{stack}.layers.{layer % n}.ln1:")
        stats = layer_norm_statistics(cache, stack, batch=-1, layers=[layer])
        again = layer_norm_statistics(cache, stack, batch=BATCH - 1, layers=[layer % n])
        assert_same(stats, again, ("mean_in", "var_in", "mean_out", "var_out"))
        assert stats.norms == again.norms and all("-" not in path for path in stats.norms)


# ---- bad choices: one error class, a message that names the valid range

BAD_HEADS = [4, -5, [], [1, -3], [0, 0], [0, 4], "avg", "Mean", True, None, 1.5, [True], ["mean"]]


def _views(seq2seq, generation, checkpoint):
    """(name, call with a head choice, the valid range its message must name)."""
    model, inputs, cache = seq2seq
    result, tokenizer = generation
    block = architecture_map(model, cache).block("decoder.layers.1.cross_attn")
    four, two = "0 to 3", "0 to 1"
    return [
        ("head_attention", lambda h: head_attention(cache, "cross", 1, h), four),
        ("head_lines", lambda h: head_lines(cache, "cross", 1, h), four),
        ("mask_pipeline", lambda h: mask_pipeline(cache, inputs, "decoder", 1, h), four),
        ("real_scaling", lambda h: real_scaling(cache, "encoder", 0, h), four),
        ("generation_step", lambda h: generation_step(result, tokenizer, 0, 0, h), two),
        ("training_frame", lambda h: training_frame(checkpoint, 0, "decoder", 0, h), four),
        ("block_tensor", lambda h: block_tensor(cache, block, head=h), four),
    ]


@pytest.mark.parametrize("head", BAD_HEADS, ids=repr)
def test_a_bad_head_choice_names_the_valid_range(seq2seq, generation, checkpoint, head):
    for name, call, valid in _views(seq2seq, generation, checkpoint):
        if head is None and name == "head_lines":
            continue  # the lines view's default: every head
        with pytest.raises(VizTransformerError) as info:
            call(head)
        message = str(info.value)
        assert valid in message, (name, message)
        assert "from the end" in message, (name, message)


def test_none_points_to_mean(seq2seq):
    _, _, cache = seq2seq
    with pytest.raises(VizTransformerError, match='head="mean"'):
        head_attention(cache, "encoder", 0, None)


@pytest.mark.parametrize(
    ("call", "fragments"),
    [
        (lambda c, i: head_attention(c, "decoder", -4, 0), ["layer -4", "0 to 2", "-3 to -1"]),
        (
            lambda c, i: mask_pipeline(c, i, "encoder", 0, 0, batch=-3),
            ["batch item -3", "-2 to -1"],
        ),
        (lambda c, i: head_lines(c, "encoder", 2), ["layer 2", "0 to 1", "-2 to -1"]),
    ],
)
def test_a_layer_or_batch_item_out_of_range_names_both_ranges(seq2seq, call, fragments):
    _, inputs, cache = seq2seq
    with pytest.raises(VizTransformerError) as info:
        call(cache, inputs)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_the_explorers_dropdown_values_are_head_choices(seq2seq):
    """The dropdown's "mean" and indices go to views unchanged."""
    _, _, cache = seq2seq
    for _, value in head_options(N_HEADS):
        assert view_head(value) == value
        view = head_attention(cache, "encoder", 0, view_head(value))
        expected = expected_matrix(cached(cache, "encoder", 0, 0), value)
        assert_close(view.weights, expected)
