"""The mask pipeline view holds exactly the cache's scores, masked scores and weights of the
chosen layer, head and batch item; its mask agrees with one built independently (loops over
ids); −∞ and weight 0 are exactly where the mask forbids; bad selections give advice."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import model_inputs, tiny_model

from viz_transformer import VizTransformerError
from viz_transformer.pictures.masks.view import mask_pipeline

PAD = 0
PARTS = {"encoder-decoder": ("encoder", "decoder", "cross"), "decoder-only": ("decoder",)}


@pytest.fixture(scope="module", params=list(PARTS))
def run(request):
    """A padded batch (lengths 5 and 3) through a model, every attention tensor captured."""
    model = tiny_model(request.param)
    inputs = model_inputs(model, [5, 3])
    return inputs, model.run_with_cache(*inputs, names="*attn.hook_*")


def allowed_by_loops(part: str, inputs, batch: int) -> np.ndarray:
    """The mask from its definition: keys that are not <pad>, and not in the future (decoder)."""
    src, tgt = (inputs[0], inputs[-1]) if len(inputs) == 2 else (None, inputs[0])
    query_ids = src if part == "encoder" else tgt
    key_ids = tgt if part == "decoder" else src
    n_q, n_k = query_ids.shape[1], key_ids.shape[1]
    allowed = np.zeros((n_q, n_k), dtype=bool)
    for q in range(n_q):
        for k in range(n_k):
            allowed[q, k] = key_ids[batch, k] != PAD and (part != "decoder" or k <= q)
    return allowed


def cached(cache, part: str, layer: int, kind: str) -> np.ndarray:
    attn = "cross_attn" if part == "cross" else "self_attn"
    stack = "encoder" if part == "encoder" else "decoder"
    return cache[f"{stack}.layers.{layer}.{attn}.hook_{kind}"].double().numpy()


@pytest.mark.parametrize("batch", [0, 1])
def test_pipeline_is_the_cached_slice_and_the_mask_is_right(run, batch):
    inputs, cache = run
    for part in cache.attention_parts:
        view = mask_pipeline(cache, inputs, part, layer=1, head=2, batch=batch)
        for kind, values in (
            ("scores", view.scores),
            ("masked_scores", view.masked_scores),
            ("weights", view.weights),
        ):
            np.testing.assert_array_equal(values, cached(cache, part, 1, kind)[batch, 2])
        np.testing.assert_array_equal(view.allowed, allowed_by_loops(part, inputs, batch))
        np.testing.assert_array_equal(np.isneginf(view.masked_scores), ~view.allowed)
        assert (view.weights[~view.allowed] == 0).all()
        np.testing.assert_array_equal(view.scores + view.additive_mask, view.masked_scores)


def test_the_four_kinds_of_mask_are_named(run):
    inputs, cache = run
    names = {
        (part, batch): mask_pipeline(cache, inputs, part, 0, 0, batch).mask_name
        for part in cache.attention_parts
        for batch in (0, 1)
    }
    assert names[("decoder", 0)] == "causal"  # the longest sequence has no padding
    assert names[("decoder", 1)] == "causal + padding"
    if "encoder" in cache.attention_parts:
        assert names[("encoder", 1)] == "padding"
        assert names[("cross", 1)] == "cross (source padding)"


def test_panels_are_the_four_steps_on_one_score_scale(run):
    inputs, cache = run
    view = mask_pipeline(cache, inputs, "decoder", 1, 3, batch=1)
    scores, mask, masked, weights = view.panels
    np.testing.assert_array_equal(masked.values, view.masked_scores)
    np.testing.assert_array_equal(weights.values, view.weights)
    limit = np.abs(view.scores).max()
    assert scores.vmin == mask.vmin == masked.vmin == -limit
    assert scores.vmax == mask.vmax == masked.vmax == limit
    assert weights.kind == "weights" and weights.vmin is None  # the style's fixed 0–1


def test_bad_selections_give_advice(run):
    inputs, cache = run
    with pytest.raises(VizTransformerError, match="layer 9 is out of range"):
        mask_pipeline(cache, inputs, "decoder", 9, 0)
    with pytest.raises(VizTransformerError, match="head -5 is out of range"):
        mask_pipeline(cache, inputs, "decoder", 0, -5)
    with pytest.raises(VizTransformerError, match="batch item 2 is out of range"):
        mask_pipeline(cache, inputs, "decoder", 0, 0, batch=2)
    with pytest.raises(VizTransformerError, match="same inputs"):
        mask_pipeline(cache, tuple(i[:, :-1] for i in inputs), "decoder", 0, 0, batch=1)


def test_a_hook_that_was_not_captured_is_named():
    model = tiny_model("decoder-only")
    inputs = model_inputs(model, [4, 2])
    cache = model.run_with_cache(*inputs, names="*.hook_weights")
    with pytest.raises(VizTransformerError, match=r"decoder\.layers\.0\.self_attn\.hook_scores"):
        mask_pipeline(cache, inputs, "decoder", 0, 0)
