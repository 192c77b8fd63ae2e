"""Law: export never replaces a file it did not write, and says no before it draws.

It keeps ``.viz-transformer-export.json`` in ``--out`` (each file it wrote, with its SHA-256):
a second export into its own folder replaces its own files; a project's README.md, an
index.html, or an exported file edited since stops it, unless ``--force``."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from bad_inputs.read_only import read_only_folder

from viz_transformer.__main__ import main
from viz_transformer.commands import destinations
from viz_transformer.commands import export as export_command
from viz_transformer.commands.export_manifest import MANIFEST_NAME, sha256_file
from viz_transformer.pictures.common.article_set import article_figures

FIGURE = "attention-rescue-untrained"  # an untrained model: independent of the checkpoints
README = b"# My project\n\nWritten by hand; export must never replace it.\n"


def export(out: str | Path, *more: str) -> int:
    return main(["export", "--out", str(out), "--only", FIGURE, "--formats", "png,html", *more])


@pytest.fixture
def no_drawing(monkeypatch):
    """Drawing fails the test: a refusal must come before any figure is drawn."""

    def draw(*args, **kwargs):
        raise AssertionError("export drew a figure before refusing")

    monkeypatch.setattr(export_command, "export_figure", draw)


def test_export_into_a_project_root_refuses_and_leaves_its_readme(
    tmp_path, monkeypatch, capsys, no_drawing
):
    (tmp_path / "README.md").write_bytes(README)
    monkeypatch.chdir(tmp_path)
    article_figures()  # import the figure modules first: the timing is the command's own
    start = time.perf_counter()
    assert export(".") == 2
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert "README.md" in err and "--force" in err and "Nothing was written" in err
    assert (tmp_path / "README.md").read_bytes() == README
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # no manifest, no figure
    assert elapsed < 0.5, f"the refusal took {elapsed:.2f} s"


def test_a_second_export_into_its_own_folder_replaces_its_own_files(tmp_path, capsys):
    out = tmp_path / "figures"
    assert export(out) == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    written = {p.name for p in out.iterdir()} - {MANIFEST_NAME}
    assert (
        set(manifest["files"])
        == written
        == {
            f"{FIGURE}.png",
            f"{FIGURE}.html",
            "README.md",
            "index.html",
        }
    )
    assert all(manifest["files"][name] == sha256_file(out / name) for name in written)
    assert export(out) == 0  # its own files, unchanged: replaced without --force
    assert {p.name for p in out.iterdir()} == written | {MANIFEST_NAME}


def test_an_exported_file_edited_since_is_kept_unless_forced(tmp_path, capsys):
    out = tmp_path / "figures"
    assert export(out) == 0
    readme = out / "README.md"
    edited = readme.read_bytes() + b"\nMy note about figure 3.\n"
    readme.write_bytes(edited)
    assert export(out) == 2
    assert "README.md" in capsys.readouterr().err
    assert readme.read_bytes() == edited
    assert export(out, "--force") == 0  # asked for: replaced, and export's own again
    assert readme.read_bytes() != edited
    assert json.loads((out / MANIFEST_NAME).read_text())["files"]["README.md"] == sha256_file(
        readme
    )


def test_force_replaces_a_link_and_never_writes_through_it(tmp_path, capsys, monkeypatch):
    outside = tmp_path / "project-README.md"
    outside.write_bytes(README)
    out = tmp_path / "figures"
    out.mkdir()
    (out / "README.md").symlink_to(outside)
    assert export(out) == 2
    assert export(out, "--force") == 0
    assert outside.read_bytes() == README
    assert not (out / "README.md").is_symlink()


def test_a_read_only_folder_is_refused_before_drawing(tmp_path, capsys, no_drawing):
    with read_only_folder(tmp_path / "locked") as how:
        assert export(tmp_path / "locked") == 2, how
    assert "cannot write into the folder" in capsys.readouterr().err
    assert list((tmp_path / "locked").iterdir()) == []


def test_the_probe_catches_what_os_access_misses(tmp_path, capsys, monkeypatch, no_drawing):
    """Root passes ``os.access`` for every folder; the probe file is what finds out. Here
    ``os.access`` is made to say yes and the folder is immutable (or the probe fails as on a
    read-only file system): the refusal still comes, from the probe."""
    monkeypatch.setattr(destinations.os, "access", lambda *args, **kwargs: True)
    with read_only_folder(tmp_path / "locked"):
        assert export(tmp_path / "locked") == 2
    err = capsys.readouterr().err
    assert "cannot write into the folder" in err and "permission denied" not in err


@pytest.mark.skipif(
    sys.platform != "linux" or os.geteuid() != 0 or not os.access("/sys/kernel", os.W_OK),
    reason="shows what root sees: os.access says /sys/kernel is writable",
)
def test_as_root_a_folder_os_access_calls_writable_is_still_refused(capsys, no_drawing):
    assert export("/sys/kernel") == 2
    assert "cannot write into the folder /sys/kernel" in capsys.readouterr().err


def test_refusals_take_milliseconds(tmp_path, capsys, no_drawing):
    """Each up-front check answers well under a second (no model is loaded, nothing drawn)."""
    article_figures()
    (tmp_path / "file").write_text("x")
    cases = [
        ["--out", ""],
        ["--out", str(tmp_path / "file")],
        ["--out", str(tmp_path / "file" / "sub")],
        ["--out", str(tmp_path / "new"), "--dpi", "0"],
        ["--out", str(tmp_path / "new"), "--dpi", "100000"],
    ]
    for argv in cases:
        start = time.perf_counter()
        assert main(["export", *argv, "--only", FIGURE]) == 2, argv
        assert time.perf_counter() - start < 0.5, argv
    assert not (tmp_path / "new").exists()
