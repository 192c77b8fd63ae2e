"""Checkpoint files: what is saved comes back, and a damaged or foreign file is refused with an
error that names the file and what is wrong, without running anything stored in it."""

from __future__ import annotations

import hashlib
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from viz_transformer import Transformer, TransformerConfig, VizTransformerError
from viz_transformer.checkpoints import Checkpoint, Snapshot, load_checkpoint, save_checkpoint
from viz_transformer.tokenizers import CharTokenizer


def tiny_checkpoint() -> Checkpoint:
    """An untrained encoder-decoder with two snapshots: small enough to save in milliseconds."""
    torch.manual_seed(0)
    tokenizer = CharTokenizer("abc")
    config = TransformerConfig(
        src_vocab=len(tokenizer), d_model=8, n_heads=2, n_encoder_layers=1,
        n_decoder_layers=1, d_ff=16, dropout=0.0, max_len=8,
    )  # fmt: skip
    model = Transformer(config)
    cache = model.run_with_cache(
        torch.tensor([[4, 5, 6, 2]]), torch.tensor([[1, 6, 5]]), names="*.hook_weights"
    )
    attention = {part: cache.stack_attention(part) for part in cache.attention_parts}
    snapshots = [Snapshot(step, 2.0 / (step + 1), step / 10, attention) for step in (0, 5)]
    info = {"accuracy": {"metric": "exact match", "value": 0.5}, "training": {"steps": 5}}
    return Checkpoint(model, tokenizer, "toy", snapshots, info)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """The weights path of a freshly saved tiny checkpoint."""
    return save_checkpoint(tiny_checkpoint(), tmp_path / "toy.safetensors")


def rewrite_weights(path: Path, tensors: dict[str, torch.Tensor]) -> None:
    """Replace the weights file and record its new checksum, as a careless tool might."""
    save_file(tensors, path)
    description = json.loads(path.with_suffix(".json").read_text())
    description["weights_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_suffix(".json").write_text(json.dumps(description))


def edit_json(path: Path, edit) -> None:
    json_path = path.with_suffix(".json")
    description = json.loads(json_path.read_text())
    edit(description)
    json_path.write_text(json.dumps(description))


def refused(path: Path, match: str, named: Path | None = None) -> str:
    """Load ``path``, expect an error matching ``match`` that names the file; return the message."""
    with pytest.raises(VizTransformerError, match=match) as error:
        load_checkpoint(path)
    assert str(named or path) in str(error.value)
    return str(error.value)


def test_a_saved_checkpoint_loads_back_the_same(saved: Path) -> None:
    original = tiny_checkpoint()
    loaded = load_checkpoint(saved)
    assert not loaded.model.training
    assert loaded.model.config == original.model.config
    for name, value in original.model.state_dict().items():
        assert torch.equal(loaded.model.state_dict()[name], value)
    assert loaded.tokenizer.itos == original.tokenizer.itos
    assert (loaded.task, loaded.info) == (original.task, original.info)
    assert [(s.step, s.loss, s.accuracy) for s in loaded.snapshots] == [
        (s.step, s.loss, s.accuracy) for s in original.snapshots
    ]
    for before, after in zip(original.snapshots, loaded.snapshots, strict=True):
        for part, weights in before.attention.items():
            torch.testing.assert_close(after.attention[part], weights, atol=1e-3, rtol=0)


def test_either_file_of_the_pair_or_their_stem_loads(saved: Path) -> None:
    for path in (saved, saved.with_suffix(".json"), saved.with_suffix("")):
        assert load_checkpoint(path).task == "toy"


def test_loading_never_unpickles(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("unpickling was attempted")

    for module, name in ((torch, "load"), (pickle, "load"), (pickle, "loads")):
        monkeypatch.setattr(module, name, forbidden)
    load_checkpoint(saved)


def test_truncated_weights(saved: Path) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    refused(saved, "truncated or corrupt")


def test_empty_weights(saved: Path) -> None:
    saved.write_bytes(b"")
    refused(saved, "truncated or corrupt")


def test_corrupt_header(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[8:24] = b"\xff" * 16
    saved.write_bytes(bytes(data))
    refused(saved, "truncated or corrupt")


def test_corrupt_tensor_bytes_fail_the_checksum(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[-3] ^= 0xFF  # inside the last tensor: the header still parses
    saved.write_bytes(bytes(data))
    refused(saved, "SHA-256")


@pytest.mark.parametrize("writer", ["torch.save", "pickle protocol 2", "pickle protocol 5"])
def test_a_pickle_renamed_to_safetensors(saved: Path, writer: str) -> None:
    state = tiny_checkpoint().model.state_dict()
    if writer == "torch.save":
        torch.save(state, saved)
    else:
        saved.write_bytes(pickle.dumps(state, protocol=int(writer[-1])))
    refused(saved, "pickle")


class _Payload:
    """A pickle that, if unpickled, creates a file: proof that code would have run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_nothing_in_a_malicious_file_runs(saved: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    saved.write_bytes(pickle.dumps(_Payload(marker)))
    refused(saved, "pickle")
    assert not marker.exists()


def test_missing_weights(saved: Path) -> None:
    tensors = load_file(saved)
    del tensors["model.head.proj.weight"]
    rewrite_weights(saved, tensors)
    message = refused(saved, "missing")
    assert "head.proj.weight" in message


def test_unexpected_weights(saved: Path) -> None:
    tensors = load_file(saved)
    tensors["model.extra.weight"] = torch.zeros(2)
    rewrite_weights(saved, tensors)
    assert "extra.weight" in refused(saved, "unexpected")


def test_wrong_shape(saved: Path) -> None:
    tensors = load_file(saved)
    tensors["model.head.proj.weight"] = torch.zeros(3, 3)
    rewrite_weights(saved, tensors)
    message = refused(saved, "shape")
    assert "head.proj.weight" in message and "[3, 3]" in message


def test_weights_of_another_config(saved: Path) -> None:
    edit_json(saved, lambda d: d["config"].update(d_ff=32))
    refused(saved, "shape")


def test_non_finite_weights(saved: Path) -> None:
    tensors = load_file(saved)
    tensors["model.head.proj.bias"] = torch.full_like(tensors["model.head.proj.bias"], torch.nan)
    rewrite_weights(saved, tensors)
    refused(saved, "finite")


def test_snapshot_attention_of_the_wrong_shape(saved: Path) -> None:
    tensors = load_file(saved)
    tensors["snapshots.cross"] = tensors["snapshots.cross"][:1]
    rewrite_weights(saved, tensors)
    refused(saved, "snapshot attention 'cross'")


def test_missing_json(saved: Path) -> None:
    saved.with_suffix(".json").unlink()
    refused(saved, "file not found", named=saved.with_suffix(".json"))


def test_missing_weights_file(saved: Path) -> None:
    saved.unlink()
    refused(saved, "file not found")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"format": "viz-transformer checkpoint", ', "invalid JSON at line 1"),
        ("[1, 2, 3]", "not a viz-transformer checkpoint"),
        ('{"format": "something else"}', "not a viz-transformer checkpoint"),
    ],
)
def test_invalid_json(saved: Path, text: str, match: str) -> None:
    saved.with_suffix(".json").write_text(text)
    refused(saved, match, named=saved.with_suffix(".json"))


def test_json_that_is_not_text(saved: Path) -> None:
    saved.with_suffix(".json").write_bytes(b"\xff\xfe\x00garbage")
    refused(saved, "UTF-8", named=saved.with_suffix(".json"))


@pytest.mark.parametrize("key", ["config", "tokenizer", "task", "snapshots"])
def test_json_missing_a_key(saved: Path, key: str) -> None:
    edit_json(saved, lambda d: d.pop(key))
    refused(saved, repr(key), named=saved.with_suffix(".json"))


def test_json_with_an_invalid_config(saved: Path) -> None:
    edit_json(saved, lambda d: d["config"].update(n_heads=3))
    refused(saved, "invalid model config", named=saved.with_suffix(".json"))


def test_json_with_an_unknown_config_key(saved: Path) -> None:
    edit_json(saved, lambda d: d["config"].update(d_modle=8))
    refused(saved, "d_modle", named=saved.with_suffix(".json"))


def test_tokenizer_that_does_not_fit_the_model(saved: Path) -> None:
    edit_json(saved, lambda d: d["tokenizer"]["vocab"].append("z"))
    refused(saved, "tokenizer has 8 pieces", named=saved.with_suffix(".json"))


def test_saving_writes_readable_files_only(saved: Path) -> None:
    assert sorted(p.name for p in saved.parent.iterdir()) == ["toy.json", "toy.safetensors"]
    assert saved.stat().st_mode & 0o044 == 0o044  # readable by others: ships as package data


def test_loading_a_shipped_model_does_not_import_torch_s_compiler() -> None:
    """The config check lays the model out on the meta device without computing values there:
    a value computed on meta runs through torch._refs, whose first call imports torch._dynamo
    (about 2 CPU-seconds in every kernel and classroom page that loads a model)."""
    code = (
        "import sys, viz_transformer as vt\n"
        "for name in vt.available_models(): vt.load_pretrained(name)\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


@pytest.mark.parametrize("positional", ["sinusoidal", "learned", "none"])
def test_a_model_on_the_meta_device_has_the_shapes_of_one_built_on_the_cpu(positional) -> None:
    config = TransformerConfig(
        src_vocab=7, d_model=8, n_heads=2, n_encoder_layers=1,
        n_decoder_layers=1, d_ff=16, dropout=0.0, max_len=12, positional=positional,
    )  # fmt: skip
    with torch.device("meta"):
        skeleton = Transformer(config)
    built = Transformer(config)
    assert {name: t.shape for name, t in skeleton.state_dict().items()} == {
        name: t.shape for name, t in built.state_dict().items()
    }
    assert {t.device.type for t in skeleton.state_dict().values()} == {"meta"}
