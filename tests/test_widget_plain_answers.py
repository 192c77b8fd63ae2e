"""Law: an explorer answers a bad choice inside itself and keeps its last good picture; it
refuses a model it cannot show when built; it shows this package's warnings (an output cut
at max_len) as a note, and non-finite weights as a message, not as an empty picture."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import viz_transformer as vt
from viz_transformer.explorers import AttentionExplorer, MaskExplorer


def _z(explorer) -> list[np.ndarray]:
    return [np.asarray(trace.z) for trace in explorer.figure.data if trace.z is not None]


def test_a_refused_run_keeps_its_message_and_picture_while_other_controls_move() -> None:
    explorer = MaskExplorer("reverse", text="robot")
    explorer.padding.value = 8
    explorer.text.value = "abcdefghijkl"  # 13 source tokens + 8 pads > the 18 the table holds
    refusal = explorer.error
    assert "positional table holds 18" in refusal
    before = _z(explorer)
    explorer.kind.value = "cross"  # runs again: refused again
    explorer.layer.value = 1  # only re-slices: the refusal stays, no internal message
    explorer.head.value = 2
    assert explorer.error == refusal
    assert "run_with_cache" not in explorer.error
    assert all(
        np.array_equal(a, b, equal_nan=True) for a, b in zip(_z(explorer), before, strict=True)
    )
    explorer.text.value = "robot"  # a good run: the picture follows the controls again
    assert explorer.error == ""
    after = _z(explorer)  # cross-attention, layer 1, head 2 now
    assert len(after) != len(before) or not all(
        np.array_equal(a, b, equal_nan=True) for a, b in zip(after, before, strict=True)
    )


@pytest.mark.parametrize(
    ("build", "says"),
    [
        (lambda: AttentionExplorer(model="nope"), "no shipped model is called 'nope'"),
        (lambda: AttentionExplorer(model=(1, 2)), r"model=\(1, 2\) is neither"),
        (
            lambda: MaskExplorer(model="induction"),
            "is decoder-only, and this explorer shows encoder-decoder",
        ),
        (lambda: MaskExplorer(model=vt.load_pretrained("count")), "yours is encoder-only"),
    ],
)
def test_an_explorer_refuses_a_model_it_cannot_show(build, says) -> None:
    with pytest.raises(vt.VizTransformerError, match=says):
        build()


def test_non_finite_weights_are_a_message_not_an_empty_picture() -> None:
    model, tokenizer = vt.load_pretrained("reverse")
    explorer = AttentionExplorer((model, tokenizer), text="abc")
    good = _z(explorer)
    with torch.no_grad():
        model.encoder.layers[0].self_attn.w_q.weight[0, 0] = float("inf")
    explorer.text.value = "abcd"
    assert "not finite" in explorer.error and "w_q.weight" in explorer.error
    assert all(np.array_equal(a, b) for a, b in zip(_z(explorer), good, strict=True))


def test_mask_explorer_names_a_non_finite_weight_too() -> None:
    model, tokenizer = vt.load_pretrained("reverse")
    explorer = MaskExplorer((model, tokenizer), text="robot")
    good = _z(explorer)
    with torch.no_grad():
        model.decoder.layers[1].ffn.linear1.bias[3] = float("nan")
    explorer.padding.value = 2  # runs the model again
    assert "not finite" in explorer.error and "linear1.bias" in explorer.error
    same = zip(_z(explorer), good, strict=True)  # masked cells are NaN in a mask picture
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in same)


def test_an_output_cut_at_max_len_is_a_note_under_the_picture() -> None:
    model, tokenizer = vt.load_pretrained("reverse")
    with torch.no_grad():  # a copy that never writes <eos>
        model.head.proj.bias[tokenizer.eos_id] = -1e4
    explorer = AttentionExplorer((model, tokenizer), text="abc")
    assert "cut before writing <eos>" in explorer.error
    assert explorer.run.truncated and _z(explorer)
