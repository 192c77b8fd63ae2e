"""The neuron view (issue 15): one query and one key of one head, per dimension. Its numbers
are checked against the model's own explicit attention (``hook_scores``, ``hook_weights``)
and, for any q and k, against the dot product's definition; its pictures show those numbers
on honest scales, and its explorer redraws them when a control moves."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest
import torch
from helpers import model_inputs, tiny_char_model, tiny_model
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import viz_transformer as vt
from viz_transformer.hooks.cache import ActivationCache
from viz_transformer.pictures.neuron.view import neuron

matplotlib.use("Agg")

QK = ["*.hook_q", "*.hook_k"]
EXPLICIT = ["*.hook_scores", "*.hook_weights"]  # the model's own scores and weights


def _every_cell(cache, part):
    """(layer, head, query, key) of every score of ``part``."""
    n_queries, n_keys = cache.attention(part, 0, kind="scores").shape[-2:]
    for layer in range(cache.n_layers(part)):
        for head in range(cache.n_heads):
            for query in range(n_queries):
                for key in range(n_keys):
                    yield layer, head, query, key


@pytest.mark.parametrize("shape", ["encoder-decoder", "decoder-only", "encoder-only"])
def test_score_and_weights_are_the_models_for_an_unpadded_text(shape):
    """Without hook_masked_scores the view applies the causal mask of decoder self-attention
    itself: its weights are still the model's, for every layer, head, query and key."""
    model = tiny_model(shape)
    cache = model.run_with_cache(*model_inputs(model, [6]), names=QK + EXPLICIT)
    for part in cache.attention_parts:
        for layer, head, query, key in _every_cell(cache, part):
            view = neuron(cache, part, layer, head, query, key)
            scores = cache.attention(part, layer, head, kind="scores")  # [query, key]
            weights = cache.attention(part, layer, head)
            assert view.score == pytest.approx(float(scores[query, key]), abs=1e-5)
            np.testing.assert_allclose(view.weights, weights[query].numpy(), atol=1e-6)
            assert view.weight == pytest.approx(float(weights[query, key]), abs=1e-6)


@pytest.mark.parametrize("shape", ["encoder-decoder", "decoder-only"])
def test_padding_is_read_from_the_masked_scores(shape):
    """In a padded batch the masked keys come from hook_masked_scores: −∞ exactly there, and
    the weights are the model's for the padded item."""
    model = tiny_model(shape)
    names = QK + EXPLICIT + ["*.hook_masked_scores"]
    cache = model.run_with_cache(*model_inputs(model, [6, 3]), names=names)
    for part in cache.attention_parts:
        masked = cache.attention(part, 1, 2, batch=1, kind="masked_scores").numpy()
        weights = cache.attention(part, 1, 2, batch=1).numpy()
        for query in range(masked.shape[0]):
            view = neuron(cache, part, 1, 2, query, 0, batch=1)
            assert np.array_equal(np.isneginf(view.scores), np.isneginf(masked[query]))
            np.testing.assert_allclose(view.weights, weights[query], atol=1e-6)


def _cache(q: np.ndarray, k: np.ndarray) -> ActivationCache:
    """A one-layer encoder cache holding q [head, query, d] and k [head, key, d]."""
    names = [f"encoder.layers.0.self_attn.hook_{kind}" for kind in ("q", "k")]
    tensors = {name: torch.from_numpy(x)[None] for name, x in zip(names, (q, k), strict=True)}
    return ActivationCache(tensors, names, n_heads=q.shape[0])


values = st.floats(-8, 8, allow_nan=False, width=64)


@settings(max_examples=60, deadline=None)
@given(
    d=st.integers(1, 16),
    n=st.integers(1, 6),
    data=st.data(),
)
def test_the_products_sum_to_the_score_for_any_q_and_k(d, n, data):
    q = data.draw(arrays(np.float64, (2, n, d), elements=values))
    k = data.draw(arrays(np.float64, (2, n, d), elements=values))
    query, key = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    view = neuron(_cache(q, k), "encoder", 0, 1, query, key)
    np.testing.assert_array_equal(view.product, q[1, query] * k[1, key])
    assert view.dot == pytest.approx(float(np.dot(q[1, query], k[1, key])), abs=1e-9)
    assert view.score == pytest.approx(view.dot / math.sqrt(d), abs=1e-9)
    assert view.scores[key] == pytest.approx(view.score, abs=1e-9)
    expected = torch.softmax(torch.from_numpy(k[1] @ q[1, query] / math.sqrt(d)), dim=-1)
    np.testing.assert_allclose(view.weights, expected.numpy(), atol=1e-12)


def test_a_cache_without_q_and_k_says_which_names_to_capture():
    model = tiny_model("encoder-only")
    cache = model.run_with_cache(*model_inputs(model, [4]), names="*.hook_weights")
    with pytest.raises(vt.VizTransformerError) as refused:
        vt.views.neuron(cache, "encoder", 1, 0, 0, 0)
    message = str(refused.value)
    assert "encoder.layers.1.self_attn.hook_q" in message
    assert "encoder.layers.1.self_attn.hook_k" in message and "names=" in message


def test_bad_positions_are_refused_with_the_range():
    model = tiny_model("encoder-only")
    cache = model.run_with_cache(*model_inputs(model, [4]), names=QK)
    with pytest.raises(vt.VizTransformerError, match="query 9 is out of range"):
        vt.views.neuron(cache, "encoder", 0, 0, 9, 0)
    with pytest.raises(vt.VizTransformerError, match="head 4 is out of range"):
        vt.views.neuron(cache, "encoder", 0, 4, 0, 0)


@pytest.fixture(scope="module")
def view():
    model, tokenizer = vt.load_pretrained("reverse")
    run = vt.run_text(model, tokenizer, "attention2017", names=QK)
    queries, keys = run.tokens("encoder")
    return vt.views.neuron(run.cache, "encoder", 1, 2, 3, 5, queries, keys)


def test_matplotlib_draws_the_numbers_on_symmetric_scales(view):
    import matplotlib.pyplot as plt

    axes = vt.plot.neuron(view)
    images = [ax.images[0] for ax in axes]
    np.testing.assert_allclose(images[0].get_array(), np.stack([view.q, view.k]))
    np.testing.assert_allclose(images[1].get_array()[0], view.q * view.k)
    for image in images[:3]:  # q and k, q ⊙ k, scores: diverging, centred at 0
        low, high = image.get_clim()
        assert low == -high and high > 0
    assert images[0].get_clim()[1] == pytest.approx(np.abs([view.q, view.k]).max())
    assert images[3].get_clim() == (0.0, 1.0)
    outlines = [p for ax in axes[2:] for p in ax.patches]
    assert [p.get_x() for p in outlines] == [view.key - 0.5] * 2  # the chosen key
    assert "key 5" in axes[3].get_title() and f"{view.weight:.3f}" in axes[3].get_title()
    plt.close("all")


def test_plotly_hover_names_the_dimension_and_its_values(view):
    figure = vt.figures.neuron(view)
    qk, product, scores, weights = (next(t for t in figure.data if t.meta == i) for i in range(4))
    assert "dimension %{x}" in qk.hovertemplate and "q ⊙ k %{customdata[2]" in qk.hovertemplate
    np.testing.assert_allclose(np.asarray(qk.customdata)[0, :, 2], view.product, rtol=1e-6)
    for trace in (qk, product, scores):
        assert trace.zmin == -trace.zmax and trace.zmax > 0
    np.testing.assert_allclose(np.asarray(weights.z)[0], view.weights, rtol=1e-6)
    assert list(weights.y) == ["3 e"]  # the query by its own position, not row 0
    assert figure.layout.shapes[0].x0 == view.key - 0.5


def test_neuron_explorer_redraws_the_models_numbers():
    tiny = tiny_char_model(16)
    explorer = vt.explorers.NeuronExplorer(tiny, text="abcab")
    model, tokenizer = tiny
    names = QK + EXPLICIT
    with pytest.warns(vt.VizTransformerWarning, match="cut"):  # untrained: never stops
        run = vt.run_text(model, tokenizer, "abcab", names=names)
    for control, value in [("part", "cross"), ("layer", 1), ("head", 1), ("query", 2),
                           ("key", 4)]:  # fmt: skip
        getattr(explorer, control).value = value
        part, layer, head = explorer.part.value, explorer.layer.value, explorer.head.value
        query, key = explorer.query.value, explorer.key.value
        q = run.cache.attention(part, layer, head, kind="q")[query].double().numpy()
        k = run.cache.attention(part, layer, head, kind="k")[key].double().numpy()
        strips = {t.meta: t for t in explorer.figure.data}
        np.testing.assert_allclose(np.asarray(strips[0].z), np.stack([q, k]), atol=1e-6)
        weights = run.cache.attention(part, layer, head)[query].numpy()
        np.testing.assert_allclose(np.asarray(strips[3].z)[0], weights, atol=1e-6)
        assert explorer.error == ""
    assert explorer.model_runs == 1  # the controls only re-slice the cache
    explorer.part.value = "encoder"
    assert explorer.key.max == len(run.tokens("encoder")[1]) - 1
