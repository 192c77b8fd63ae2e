"""Law: ``train`` checks its numbers and its destination before it trains, saves into a folder
given as ``--out``, and replaces only checkpoints it wrote (unchanged since) unless ``--force``."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from bad_inputs.read_only import read_only_folder

from viz_transformer.__main__ import main
from viz_transformer.checkpoints import load_checkpoint
from viz_transformer.commands import train as train_command
from viz_transformer.pretrained import checkpoint_dir

QUICK = ["--steps", "2", "--threads", "1"]


@pytest.fixture
def no_training(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("train started training before refusing")

    monkeypatch.setattr(train_command, "train", refuse)


def test_an_existing_folder_gets_the_checkpoint_inside(tmp_path, capsys):
    assert main(["train", "count", "--out", str(tmp_path), *QUICK]) == 1  # misses its bar
    assert sorted(p.name for p in tmp_path.iterdir()) == ["count.json", "count.safetensors"]
    assert load_checkpoint(tmp_path / "count").info["training"]["steps"] == 2


def test_a_trailing_slash_names_a_new_folder(tmp_path, capsys):
    assert main(["train", "count", "--out", f"{tmp_path / 'models'}/", *QUICK]) == 1
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [
        "count.json",
        "count.safetensors",
    ]


def test_its_own_checkpoint_is_replaced_an_edited_one_only_with_force(tmp_path, capsys):
    out = ["train", "count", "--out", str(tmp_path), *QUICK]
    assert main(out) == 1
    assert main(out) == 1  # its own, unchanged: replaced
    weights = tmp_path / "count.safetensors"
    edited = weights.read_bytes()[:-4] + b"\0\0\0\0"
    weights.write_bytes(edited)
    assert main(out) == 2
    assert "not a checkpoint this package wrote (or changed since)" in capsys.readouterr().err
    assert weights.read_bytes() == edited
    assert main([*out, "--force"]) == 1
    assert load_checkpoint(weights).info["training"]["steps"] == 2


def test_without_out_a_foreign_file_in_the_current_folder_stops_it(
    tmp_path, monkeypatch, capsys, no_training
):
    """A run below its bar is saved in the current folder: someone's count.safetensors there
    is refused before training (and the shipped folder is never touched)."""
    shipped = {p.name: p.read_bytes() for p in checkpoint_dir().glob("count.*")}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "count.safetensors").write_bytes(b"someone's")
    assert main(["train", "count", *QUICK]) == 2
    assert "count.safetensors already exists" in capsys.readouterr().err
    assert (tmp_path / "count.safetensors").read_bytes() == b"someone's"
    assert {p.name: p.read_bytes() for p in checkpoint_dir().glob("count.*")} == shipped


def test_an_unwritable_shipped_folder_is_said_before_training(
    tmp_path, monkeypatch, capsys, no_training
):
    """Without --out a run that reaches its bar goes to the package's folder: if that cannot be
    written (an installed package), the user learns it before the budget is spent."""
    with read_only_folder(tmp_path / "site-packages") as how:
        monkeypatch.setattr(train_command, "checkpoint_dir", lambda: tmp_path / "site-packages")
        monkeypatch.chdir(tmp_path)
        assert main(["train", "count", *QUICK]) == 2, how
    err = capsys.readouterr().err
    assert "site-packages" in err and "pass --out" in err


def test_an_unwritable_out_is_refused_in_milliseconds(tmp_path, capsys, no_training):
    with read_only_folder(tmp_path / "locked") as how:
        start = time.perf_counter()
        assert main(["train", "count", "--out", str(tmp_path / "locked"), *QUICK]) == 2, how
        elapsed = time.perf_counter() - start
    assert "cannot write into the folder" in capsys.readouterr().err
    assert elapsed < 0.5, f"the refusal took {elapsed:.2f} s"


@pytest.mark.parametrize(
    "option",
    [
        ["--seconds", "nan"],
        ["--seconds", "inf"],
        ["--seconds", "-1"],
        ["--seconds", "0"],
        ["--steps", "0"],
        ["--threads", "0"],
        ["--seed", "-1"],
    ],
)
def test_numbers_that_cannot_work_are_refused_before_training(
    option, tmp_path, capsys, no_training
):
    assert main(["train", "count", "--out", str(tmp_path), *option]) == 2
    assert option[0] in capsys.readouterr().err
    assert list(Path(tmp_path).iterdir()) == []


def test_a_save_that_fails_after_training_is_a_sentence(tmp_path, monkeypatch, capsys):
    """What cannot be checked beforehand (the disk filling up during training) still ends in
    a message, not an OSError traceback."""

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(train_command, "save_checkpoint", full_disk)
    assert main(["train", "count", "--out", str(tmp_path), *QUICK]) == 2
    err = capsys.readouterr().err
    assert "training finished but" in err and "No space left on device" in err
