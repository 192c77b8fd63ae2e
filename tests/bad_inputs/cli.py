"""Bad inputs to the cli: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``).

Every ``export`` row runs with drawing forbidden and every ``train`` row with training
forbidden (``no_drawing``/``no_training`` make either fail the row), so each row also proves
that the refusal comes before the work. Rows that could lose a file start from a "user's"
folder (``USER_FILES``) and check afterwards that the folder holds exactly those bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

from .case import BadInput, CommandRefused, command
from .read_only import read_only_folder

FIGURE = "attention-rescue-untrained"  # one figure, from an untrained model
USER_FILES = {
    "README.md": b"# My project\n\nHand-written, and nobody else's to replace.\n",
    "index.html": b"<!doctype html><title>my site</title>\n",
    "notes.txt": b"my notes\n",
}
MANIFEST = ".viz-transformer-export.json"


@contextlib.contextmanager
def no_drawing() -> Iterator[None]:
    failure = AssertionError("export drew a figure before refusing")
    with mock.patch("viz_transformer.commands.export.export_figure", side_effect=failure):
        yield


@contextlib.contextmanager
def no_training() -> Iterator[None]:
    failure = AssertionError("train started training before refusing")
    with mock.patch("viz_transformer.commands.train.train", side_effect=failure):
        yield


def export(*argv: str) -> None:
    with no_drawing():
        command("export", "--only", FIGURE, "--formats", "png,svg,html", *argv)


def train(*argv: str) -> None:
    with no_training():
        command("train", "count", "--steps", "2", "--threads", "1", *argv)


def parser_refuses(*argv: str) -> None:
    """argparse's own refusal (an unknown choice, a word for a number) exits 2 with a usage
    line, not a traceback: raised here as ``CommandRefused`` like the command's own."""
    from viz_transformer.__main__ import main

    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            status = main(list(argv))
    except SystemExit as exit:
        if exit.code == 2:
            raise CommandRefused(err.getvalue()) from None
        raise AssertionError(f"{' '.join(argv)} exited {exit.code}, expected 2") from None
    raise AssertionError(f"{' '.join(argv)} returned {status}, expected argparse to refuse")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links as their target's name), by relative path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def user_folder(folder: Path, files: dict[str, bytes] = USER_FILES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def holds_exactly(files: dict[str, bytes], under: str = "") -> Callable[[Path], None]:
    """``untouched``: the folder (``tmp_path/under``) holds exactly ``files``, byte for byte."""

    def check(tmp_path: Path) -> None:
        assert tree(tmp_path / under) == files

    return check


def edited_export(tmp_path: Path) -> None:
    """A folder an export wrote (manifest and all), whose README.md was edited since."""
    folder = tmp_path / "figures"
    original = b"# viz-transformer: the article figures\n"
    user_folder(folder, {"README.md": original + b"\nMy own note.\n"})
    digest = hashlib.sha256(original).hexdigest()
    manifest = {"format": "viz-transformer export", "version": 1, "files": {"README.md": digest}}
    (folder / MANIFEST).write_text(json.dumps(manifest))
    export("--out", str(folder))


def edited_readme_kept(tmp_path: Path) -> None:
    files = tree(tmp_path / "figures")
    assert sorted(files) == [MANIFEST, "README.md"]
    assert files["README.md"].endswith(b"My own note.\n"), "the edited README.md was replaced"


def only_the_link(tmp_path: Path) -> None:
    assert [p.name for p in tmp_path.iterdir()] == ["gone"] and (tmp_path / "gone").is_symlink()


def read_only_export(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "locked"):
        export("--out", str(tmp_path / "locked"))


def read_only_train(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "locked"):
        train("--out", str(tmp_path / "locked"))


def export_to_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    export("--out", str(tmp_path / "gone"))


CASES: list[BadInput] = [
    # export: nothing lost
    BadInput(
        "export --out '' (would have written into the current folder)",
        lambda tmp: (user_folder(tmp), export("--out", "")),
        says="--out is empty",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "export --out . from a project holding its own README.md and index.html",
        lambda tmp: (user_folder(tmp), export("--out", ".")),
        says=r"would replace README\.md, index\.html.*--force",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "export into a folder whose exported README.md was edited since",
        edited_export,
        says=r"replace README\.md in .*changed since",
        error=CommandRefused,
        untouched=lambda tmp: edited_readme_kept(tmp),
    ),
    BadInput(
        "export into a folder holding a .viz-transformer-export.json it did not write",
        lambda tmp: (user_folder(tmp, {MANIFEST: b"{}"}), export("--out", str(tmp))),
        says=r"not a manifest this package wrote.*--force",
        error=CommandRefused,
        untouched=holds_exactly({MANIFEST: b"{}"}),
    ),
    BadInput(
        "export --force where README.md is a folder",
        lambda tmp: ((tmp / "README.md").mkdir(), export("--out", str(tmp), "--force")),
        says=r"README\.md in .* is a folder",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    # export: a destination that cannot be written
    BadInput(
        "export --out an existing file",
        lambda tmp: (user_folder(tmp), export("--out", str(tmp / "notes.txt"))),
        says=r"notes\.txt is a file, not a folder",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "export --out a folder under a file",
        lambda tmp: (user_folder(tmp), export("--out", str(tmp / "notes.txt" / "figures"))),
        says=r"notes\.txt is a file",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "export --out a read-only folder (made immutable when run as root)",
        read_only_export,
        says=r"cannot write into the folder .*locked",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "export --out /proc (os.access says writable to root; creating a file fails)",
        lambda tmp: export("--out", "/proc" if sys.platform == "linux" else "/dev/null/x"),
        says=r"cannot (write into the folder /proc|be written)",
        error=CommandRefused,
    ),
    BadInput(
        "export --out a link that leads nowhere",
        export_to_a_dangling_link,
        says="a link that leads to no folder",
        error=CommandRefused,
        untouched=lambda tmp: only_the_link(tmp),
    ),
    BadInput(
        "export --out a name too long for the file system",
        lambda tmp: export("--out", str(tmp / ("x" * 300))),
        says="cannot be used",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    # export: numbers and lists
    BadInput(
        "export --dpi 0",
        lambda tmp: export("--out", str(tmp / "figures"), "--dpi", "0"),
        says=r"--dpi 0 is out of range.*10 to 1200",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "export --dpi 100000 (matplotlib ran out of memory)",
        lambda tmp: export("--out", str(tmp / "figures"), "--dpi", "100000"),
        says=r"--dpi 100000 is out of range",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "export --dpi 10.5 (not a whole number)",
        lambda tmp: parser_refuses("export", "--out", str(tmp), "--dpi", "10.5"),
        says=r"--dpi: invalid int value",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "export --only ',' (names no figure; wrote an empty index)",
        lambda tmp: command("export", "--out", str(tmp / "figures"), "--only", ","),
        says="names no figure",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "export --formats gif",
        lambda tmp: export("--out", str(tmp / "figures"), "--formats", "gif"),
        says="--formats takes some of",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    # train: checked before training
    BadInput(
        "train --out ''",
        lambda tmp: (user_folder(tmp), train("--out", "")),
        says="--out is empty",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "train --out a read-only folder (failed only after the whole budget)",
        read_only_train,
        says=r"cannot write into the folder .*locked",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "train --out a user's file that is not a checkpoint",
        lambda tmp: (user_folder(tmp), train("--out", str(tmp / "notes.txt"))),
        says=r"notes\.txt already exists and is not a checkpoint this package wrote.*--force",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "train --out a folder holding someone else's count.safetensors",
        lambda tmp: (
            user_folder(tmp / "models", {"count.safetensors": b"not ours"}),
            train("--out", str(tmp / "models")),
        ),
        says=r"count\.safetensors already exists and is not a checkpoint",
        error=CommandRefused,
        untouched=holds_exactly({"models/count.safetensors": b"not ours"}),
    ),
    BadInput(
        "train --out a folder under a file",
        lambda tmp: (user_folder(tmp), train("--out", str(tmp / "notes.txt" / "count"))),
        says=r"notes\.txt is a file",
        error=CommandRefused,
        untouched=holds_exactly(USER_FILES),
    ),
    BadInput(
        "train --out where count.json is a folder",
        lambda tmp: ((tmp / "count.json").mkdir(), train("--out", str(tmp / "count"), "--force")),
        says=r"count\.json is a folder",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "train --seconds nan (ignored the budget)",
        lambda tmp: train("--out", str(tmp), "--seconds", "nan"),
        says=r"--seconds nan is not a time budget",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "train --seconds inf",
        lambda tmp: train("--out", str(tmp), "--seconds", "inf"),
        says=r"--seconds inf is not a time budget",
        error=CommandRefused,
    ),
    BadInput(
        "train --seconds -5",
        lambda tmp: train("--out", str(tmp), "--seconds", "-5"),
        says=r"--seconds -5.0 is not a time budget",
        error=CommandRefused,
    ),
    BadInput(
        "train --seconds 0",
        lambda tmp: train("--out", str(tmp), "--seconds", "0"),
        says=r"--seconds 0.0 is not a time budget",
        error=CommandRefused,
    ),
    BadInput(
        "train --steps 0 (trained nothing and saved it)",
        lambda tmp: train("--out", str(tmp), "--steps", "0"),
        says=r"--steps 0 is not a number of updates",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    BadInput(
        "train --steps -3",
        lambda tmp: train("--out", str(tmp), "--steps", "-3"),
        says=r"--steps -3 is not a number of updates",
        error=CommandRefused,
    ),
    BadInput(
        "train --threads 0 (a RuntimeError from torch)",
        lambda tmp: train("--out", str(tmp), "--threads", "0"),
        says=r"--threads 0 is out of range: give a number from 1 to 1024",
        error=CommandRefused,
    ),
    BadInput(
        "train --threads -1",
        lambda tmp: train("--out", str(tmp), "--threads", "-1"),
        says=r"--threads -1 is out of range",
        error=CommandRefused,
    ),
    BadInput(
        "train --seed 2**70 (an overflow inside torch)",
        lambda tmp: train("--out", str(tmp), "--seed", str(2**70)),
        says=r"--seed 1180591620717411303424 is out of range: give a number from 0 to 4294967295",
        error=CommandRefused,
    ),
    BadInput(
        "train an unknown task",
        lambda tmp: parser_refuses("train", "nosuchtask", "--out", str(tmp)),
        says=r"invalid choice: 'nosuchtask'",
        error=CommandRefused,
        untouched=holds_exactly({}),
    ),
    # hooks
    BadInput(
        "hooks --shape of no model",
        lambda tmp: parser_refuses("hooks", "--shape", "decoder-encoder"),
        says=r"invalid choice: 'decoder-encoder'",
        error=CommandRefused,
    ),
]
