"""Law: what the API accepts it does right, what it refuses it refuses in a sentence; the
accepting side of the bad-input table (``tests/bad_inputs/api.py`` holds the refusals)."""

from __future__ import annotations

import torch

import viz_transformer as vt


def _reverse():
    return vt.load_pretrained("reverse")


def test_dtype_given_by_name_is_the_dtype() -> None:
    model, _ = _reverse()
    src, tgt = torch.tensor([[4, 5, 2]]), torch.tensor([[1, 5]])
    named = model.run_with_cache(src, tgt, dtype="float16")
    typed = model.run_with_cache(src, tgt, dtype=torch.float16)
    assert named["head.hook_logits"].dtype == torch.float16
    assert torch.equal(named["head.hook_logits"], typed["head.hook_logits"])


def test_a_hook_returning_a_same_shaped_tensor_or_none_still_patches() -> None:
    model, _ = _reverse()
    src, tgt = torch.tensor([[4, 5, 2]]), torch.tensor([[1, 5]])
    name = "encoder.layers.0.hook_resid_post"
    zeroed = model.run_with_cache(src, tgt, names=name, hooks=[(name, lambda x, h: x * 0)])
    assert not zeroed[name].any()

    def in_place(x, hook):
        x.zero_()

    patched = model.run_with_cache(src, tgt, names=name, hooks=[(name, in_place)])
    assert not patched[name].any()
