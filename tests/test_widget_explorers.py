"""The mask, scaling, positional-encoding, layer-norm and ablation explorers in the kernel:
after a control changes, the figure holds numbers computed here independently."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from helpers import tiny_char_model

import viz_transformer as vt
from viz_transformer.explorers import (
    HeadAblation,
    LayerNormExplorer,
    MaskExplorer,
    PositionalEncodingExplorer,
    ScalingExplorer,
)


@pytest.fixture
def tiny() -> tuple:
    return tiny_char_model(16)


def _panel(figure, axis: str, name: str) -> np.ndarray:
    return next(np.asarray(t.z) for t in figure.data if t.xaxis == axis and t.name == name)


def test_mask_explorer_shows_the_models_masked_scores_and_weights(tiny) -> None:
    model, tokenizer = tiny
    explorer = MaskExplorer(tiny, text="abc")
    explorer.kind.value, explorer.padding.value = "causal + padding", 2
    explorer.layer.value, explorer.head.value = 1, 1
    src = torch.tensor([tokenizer.encode("abc", add_eos=True)])
    answer = model.generate(src, max_new_tokens=16 - 1 - 2).ids[0, :-1].tolist()
    tgt = torch.tensor([answer + [tokenizer.pad_id] * 2])
    name = "decoder.layers.1.self_attn.hook_weights"
    weights = model.run_with_cache(src, tgt, names=[name])[name][0, 1].numpy()
    np.testing.assert_allclose(_panel(explorer.figure, "x4", "weight"), weights, atol=1e-6)
    masked = _panel(explorer.figure, "x3", "−∞ (masked)")  # the −∞ cells get their own trace
    n = tgt.shape[1]
    future_or_pad = np.triu(np.ones((n, n), bool), 1) | (tgt[0] == 0).numpy()[None, :]
    assert np.array_equal(~np.isnan(masked), future_or_pad)
    assert (weights[future_or_pad] == 0).all()


def test_mask_explorer_padding_grows_the_keys(tiny) -> None:
    explorer = MaskExplorer(tiny, text="abc")
    explorer.kind.value = "padding"
    for padding in (0, 3):
        explorer.padding.value = padding
        assert _panel(explorer.figure, "x4", "weight").shape[1] == 4 + padding


def test_scaling_explorer_weights_equal_softmax_of_the_same_draw() -> None:
    explorer = ScalingExplorer(d_k=256, scaled=False)
    for scaled in (False, True):
        explorer.scaled.value = scaled
        generator = torch.Generator().manual_seed(0)
        q = torch.randn(8, 256, generator=generator, dtype=torch.float64)
        k = torch.randn(16, 256, generator=generator, dtype=torch.float64)
        scores = q @ k.T / (math.sqrt(256) if scaled else 1.0)
        weights = torch.softmax(scores, -1).numpy()
        np.testing.assert_allclose(explorer.figure.data[0].z, weights, atol=1e-6)
        marker = next(t for t in explorer.figure.data if t.name == "this setting")
        assert marker.y[0] == pytest.approx(weights.max(-1).mean(), abs=1e-6)
    assert "softmax(QKᵀ/√dₖ)" in explorer.figure.layout.title.text


def test_positional_explorer_draws_the_formula_and_the_learned_table() -> None:
    explorer = PositionalEncodingExplorer()
    explorer.d_model.value, explorer.positions.value, explorer.dims.value = 32, 20, "2, 3"
    sin = [math.sin(p / 10000 ** (2 / 32)) for p in range(20)]
    cos = [math.cos(p / 10000 ** (2 / 32)) for p in range(20)]
    np.testing.assert_allclose(explorer.figure.data[0].y, sin, atol=1e-6)
    np.testing.assert_allclose(explorer.figure.data[1].y, cos, atol=1e-6)
    learned = [n for label, n in explorer.kind.options if label.startswith("learned")]
    if not learned:
        pytest.skip("no shipped model uses a learned positional table")
    explorer.kind.value = learned[0]
    model, _ = vt.load_pretrained(learned[0])
    table = model.decoder.pos_encoding.table.detach().numpy()
    shown = [np.asarray(t.z) for t in explorer.tables.data if t.z is not None]
    assert any(z.shape == table.shape and np.allclose(z, table, atol=1e-6) for z in shown)


def test_layer_norm_explorer_layernorm_ignores_batch_mates_batchnorm_does_not(tiny) -> None:
    model, tokenizer = tiny
    explorer = LayerNormExplorer(tiny, text="abc", mates="abcdefg | a")
    explorer.layer.value = 1
    ids = torch.tensor([tokenizer.encode("abc", add_eos=True)])
    cache = model.run_with_cache(ids, torch.tensor([[1]]), names="encoder.layers.1.ln1.hook_in")
    x = cache["encoder.layers.1.ln1.hook_in"][0]
    before = next(t for t in explorer.figure.data if t.name.startswith("before"))
    np.testing.assert_allclose(before.y[: x.shape[0]], x.mean(-1).numpy(), atol=1e-5)
    layer_change, batch_change = (t.y for t in explorer.comparison.data if t.type == "bar")
    # LayerNorm's change is float32 rounding only (~1e-7: the model ran the text in batches of
    # another shape, so its matrix products summed in another order); BatchNorm's is real
    assert np.abs(layer_change).max() < 1e-6 and batch_change[1:].min() > 1e-3


def test_head_ablation_drops_the_held_out_score() -> None:
    ablation = HeadAblation("reverse", text="attention2017")
    full, _ = ablation.figure.data[0].y
    ablation.positional.value = True
    _, without_position = ablation.figure.data[0].y
    assert without_position < full - 0.3
    assert "with parts off:" in ablation.output.value
    ablation.positional.value = False
    ablation.heads.value = tuple(v for _, v in ablation.heads.options if v[0] == "cross")
    _, without_cross = ablation.figure.data[0].y
    assert without_cross < full - 0.3
