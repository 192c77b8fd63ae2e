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


def _copy(tmp_path, edit):
    import json
    import shutil

    from viz_transformer.pretrained import checkpoint_dir

    for suffix in (".safetensors", ".json"):
        shutil.copy(checkpoint_dir() / f"reverse{suffix}", tmp_path / f"reverse{suffix}")
    path = tmp_path / "reverse.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return tmp_path / "reverse.safetensors"


def test_a_checkpoint_json_is_checked_before_its_weights_are_read(tmp_path, monkeypatch) -> None:
    import pytest

    from viz_transformer.checkpoints import load as load_module

    path = _copy(tmp_path, lambda data: data["config"].update(d_model=128, n_heads=4))
    monkeypatch.setattr(load_module, "read_weights", lambda *a: pytest.fail("weights were read"))
    with pytest.raises(vt.VizTransformerError, match=r"needs \[40, 128\]"):
        load_module.load_checkpoint(path)


def test_a_checkpoint_without_checksum_loads_with_a_warning_naming_it(tmp_path) -> None:
    import pytest

    from viz_transformer.checkpoints import load_checkpoint

    path = _copy(tmp_path, lambda data: data.pop("weights_sha256"))
    with pytest.warns(vt.VizTransformerWarning, match=r"reverse\.json records no weights_sha256"):
        checkpoint = load_checkpoint(path)
    assert vt.generate_text(checkpoint.model, checkpoint.tokenizer, "abcd") == "dcba"


def test_the_shipped_checkpoints_carry_their_checksum() -> None:
    import hashlib
    import json

    from viz_transformer.pretrained import checkpoint_dir

    for name in ("count", "dates", "induction", "reverse"):
        data = json.loads((checkpoint_dir() / f"{name}.json").read_text(encoding="utf-8"))
        weights = (checkpoint_dir() / f"{name}.safetensors").read_bytes()
        assert data["weights_sha256"] == hashlib.sha256(weights).hexdigest()
