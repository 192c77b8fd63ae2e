"""Attention rollout (issue 15, Abnar & Zuidema 2020): checked against an independent numpy
computation of the formula, and for the laws it must keep for any attention: rows stay
distributions, causal attention rolls out causal, identity attention rolls out to identity."""

from __future__ import annotations

from functools import reduce

import matplotlib
import numpy as np
import pytest
import torch
from helpers import model_inputs, tiny_char_model, tiny_model
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import viz_transformer as vt
from viz_transformer.pictures.rollout.view import CAVEAT, rollout

matplotlib.use("Agg")


def expected_rollout(weights: np.ndarray, through: int) -> np.ndarray:
    """The formula written out: Â_l = (½ Ā_l + ½ I) with rows renormalised, then
    Â_through · … · Â_1 · Â_0 (weights: [layer, head, query, key])."""
    steps = []
    for layer_weights in weights[: through + 1]:
        a = 0.5 * layer_weights.mean(axis=0) + 0.5 * np.eye(layer_weights.shape[-1])
        steps.append(a / a.sum(axis=1, keepdims=True))
    return reduce(lambda earlier, later: later @ earlier, steps)


@pytest.mark.parametrize(("shape", "part"), [("encoder-decoder", "encoder"),
                                             ("encoder-decoder", "decoder"),
                                             ("decoder-only", "decoder"),
                                             ("encoder-only", "encoder")])  # fmt: skip
def test_rollout_equals_the_formula_computed_independently(shape, part):
    model = tiny_model(shape, n_encoder_layers=3, n_decoder_layers=3)
    cache = model.run_with_cache(*model_inputs(model, [7, 4]), names="*.hook_weights")
    weights = cache.stack_attention(part, batch=1).double().numpy()  # [layer, head, q, k]
    for layer in range(3):
        view = vt.views.attention_rollout(cache, part, layer, batch=1)
        np.testing.assert_allclose(view.rollout, expected_rollout(weights, layer), atol=1e-10)
        np.testing.assert_allclose(view.attention, weights[layer].mean(axis=0), atol=1e-12)
        assert view.layer == layer


def row_stochastic(n_layers: int, n: int, lower: bool = False):
    """Random [layer, n, n] matrices whose rows sum to 1 (lower-triangular if ``lower``)."""
    raw = arrays(np.float64, (n_layers, n, n), elements=st.floats(0, 1, width=64))

    def normalise(a: np.ndarray) -> np.ndarray:
        a = a + 1e-3  # no all-zero row
        if lower:
            a = np.tril(a)
        return a / a.sum(axis=-1, keepdims=True)

    return raw.map(normalise)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n_layers=st.integers(1, 5), n=st.integers(1, 8))
def test_rows_sum_to_one_for_any_row_stochastic_attention(data, n_layers, n):
    rolled = rollout(data.draw(row_stochastic(n_layers, n)))
    assert (rolled >= 0).all()
    np.testing.assert_allclose(rolled.sum(axis=-1), 1.0, atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n_layers=st.integers(1, 5), n=st.integers(1, 8))
def test_causal_attention_rolls_out_causal(data, n_layers, n):
    rolled = rollout(data.draw(row_stochastic(n_layers, n, lower=True)))
    assert (np.triu(rolled, k=1) == 0).all()  # exactly: no path reaches the future


def test_a_causal_decoder_rolls_out_lower_triangular():
    model = tiny_model("decoder-only", n_decoder_layers=3)
    cache = model.run_with_cache(*model_inputs(model, [7]), names="*.hook_weights")
    view = vt.views.attention_rollout(cache, "decoder")
    assert (np.triu(view.rollout, k=1) == 0).all()
    assert (np.diag(view.rollout) > 0).all()  # the residual keeps every token itself


def test_one_layer_of_identity_attention_gives_identity():
    n = 5
    attention = (torch.eye(n)[None, None].expand(1, 3, n, n),)  # bertviz style: one layer, 3 heads
    view = vt.views.attention_rollout(attention, "encoder")
    np.testing.assert_array_equal(view.rollout, np.eye(n))
    np.testing.assert_array_equal(rollout(np.eye(n)[None])[0], np.eye(n))


def test_a_fully_masked_query_keeps_only_itself():
    attention = np.array([[[0.5, 0.5, 0.0], [0.0, 0.0, 0.0], [0.2, 0.3, 0.5]]])
    np.testing.assert_allclose(rollout(attention)[0, 1], [0.0, 1.0, 0.0])


def test_cross_attention_and_non_square_attention_are_refused():
    model = tiny_model("encoder-decoder")
    cache = model.run_with_cache(*model_inputs(model, [5]), names="*.hook_weights")
    with pytest.raises(vt.VizTransformerError, match="'encoder' or 'decoder'"):
        vt.views.attention_rollout(cache, "cross")
    with pytest.raises(vt.VizTransformerError, match="self-attention"):
        rollout(np.ones((1, 2, 3)) / 3)


@pytest.fixture(scope="module")
def view():
    model, tokenizer = vt.load_pretrained("reverse")
    run = vt.run_text(model, tokenizer, "attention2017", names="*.self_attn.hook_weights")
    queries, keys = run.tokens("encoder")
    return vt.views.attention_rollout(run.cache, "encoder", -1, queries, keys)


def test_both_renderers_draw_rollout_beside_the_layers_attention(view):
    import matplotlib.pyplot as plt

    axes = vt.plot.attention_rollout(view)
    np.testing.assert_allclose(axes[0].images[0].get_array(), view.rollout)
    np.testing.assert_allclose(axes[1].images[0].get_array(), view.attention)
    assert all(ax.images[0].get_clim() == (0.0, 1.0) for ax in axes)
    plt.close("all")
    figure = vt.figures.attention_rollout(view)
    np.testing.assert_allclose(np.asarray(figure.data[0].z), view.rollout, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(figure.data[1].z), view.attention, rtol=1e-6)
    caption = figure.layout.annotations[-1].text
    assert caption == "<br>".join(CAVEAT)
    assert "Not an explanation of the output" in caption and "0.5 is a convention" in caption


def test_rollout_explorer_slides_through_the_layers():
    tiny = tiny_char_model(16)
    model, tokenizer = tiny
    explorer = vt.explorers.RolloutExplorer(tiny, text="abcab")
    assert explorer.layer.value == explorer.layer.max == 1  # opens on every layer rolled out
    with pytest.warns(vt.VizTransformerWarning, match="cut"):  # untrained: never stops
        run = vt.run_text(model, tokenizer, "abcab", names="*.hook_weights")
    for part, layer in [("encoder", 0), ("decoder", 0), ("decoder", 1)]:
        explorer.part.value, explorer.layer.value = part, layer
        weights = run.cache.stack_attention(part).double().numpy()
        np.testing.assert_allclose(
            np.asarray(explorer.figure.data[0].z), expected_rollout(weights, layer), atol=1e-6
        )
        assert explorer.error == ""
    assert list(explorer.part.options) == ["encoder", "decoder"]  # no cross-attention
    assert "0.5 is a convention" in explorer.figure.layout.annotations[-1].text
