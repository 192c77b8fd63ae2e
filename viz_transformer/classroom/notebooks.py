"""The notebooks a room serves: checked before the server starts, then copied into a private
folder, one subfolder each, which is the only folder the server can read.

Serving copies (not the teacher's folder) is what makes "exactly the chosen notebooks" hold:
Voila's file, listing and preheat code all work on its root folder, and that root holds nothing
else. Each kernel still runs in the real folder of its notebook, so a notebook that reads files
next to it works as it does in Jupyter. A notebook edited during the lesson is served as it was
when the room started (restart the room to publish the change).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import VizTransformerError


@dataclass(frozen=True)
class Lesson:
    """One served notebook: its URL name, the teacher's file and the copy the server reads."""

    name: str  # the last part of /voila/render/<name>
    source: Path  # the teacher's file, absolute
    copy: str  # path of the copy relative to the room's folder ("3/name.ipynb")

    @property
    def workdir(self) -> Path:
        """Where its kernel runs: the folder of the teacher's file."""
        return self.source.parent

    @property
    def url_path(self) -> str:
        return f"/voila/render/{self.name}"


def chosen_notebooks(paths: list[Path], edition: str = "en") -> list[Path]:
    """The notebooks to serve, as absolute paths: those named, or every lesson of the edition
    (``notebooks/en/*.ipynb`` or ``notebooks/zh/*.ipynb``). Each must exist and be a readable,
    valid notebook: refused here, before any server starts."""
    notebooks = paths or sorted(Path("notebooks", edition).glob("*.ipynb"))
    if not notebooks:
        raise VizTransformerError(
            f"no notebook given, and no notebooks/{edition}/*.ipynb in this folder"
        )
    for path in notebooks:
        check_notebook(path)
    return [p.resolve() for p in notebooks]


def check_notebook(path: Path) -> None:
    """Refuse, with a sentence naming the file, anything Voila could not render as a notebook."""
    if not path.exists():
        raise VizTransformerError(f"notebook not found: {path}")
    if path.is_dir():
        raise VizTransformerError(f"{path} is a folder: name the .ipynb files in it")
    if path.suffix != ".ipynb":
        raise VizTransformerError(f"{path} is not a notebook: give .ipynb files")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise VizTransformerError(f"cannot read the notebook {path}: {error}") from None
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise VizTransformerError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "open it in Jupyter or restore it from version control"
        ) from None
    import nbformat  # a Jupyter dependency: present wherever classroom mode can run

    try:
        notebook = nbformat.reads(json.dumps(content), as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several classes for "not a notebook"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        reason = f" ({first_line})" if first_line else ""
        raise VizTransformerError(f"{path} is not a Jupyter notebook{reason}") from None


def lessons(notebooks: list[Path]) -> list[Lesson]:
    """A URL name for each notebook: its file name, with -2, -3, ... when names repeat."""
    taken: set[str] = set()
    result = []
    for index, source in enumerate(notebooks):
        name, n = source.name, 1
        while name in taken:
            n += 1
            name = f"{source.stem}-{n}{source.suffix}"
        taken.add(name)
        result.append(Lesson(name=name, source=source, copy=f"{index}/{name}"))
    return result


def fill_room(folder: Path, room: list[Lesson]) -> None:
    """Copy each lesson's notebook into ``folder`` (the server's whole world)."""
    for lesson in room:
        target = folder / lesson.copy
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lesson.source, target)
