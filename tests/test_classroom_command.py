"""Classroom mode's choices before Voila starts: which notebooks, at which addresses, and which
of their neighbours get no preheated kernel. (The served pages are tested in tests/browser.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from viz_transformer.commands.classroom import (
    chosen_notebooks,
    others_in,
    render_paths,
    serving_root,
)
from viz_transformer.errors import VizTransformerError


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """notebooks/a.ipynb, notebooks/b.ipynb, notebooks/extra/c.ipynb and a text file."""
    for name in ("a.ipynb", "b.ipynb", "extra/c.ipynb", "notes.txt"):
        path = tmp_path / "notebooks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    return tmp_path


def test_without_arguments_every_notebook_of_the_folder_is_served(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    assert [p.name for p in chosen_notebooks([])] == ["a.ipynb", "b.ipynb"]


def test_a_missing_or_non_notebook_file_is_refused(folder: Path) -> None:
    with pytest.raises(VizTransformerError, match=r"notes\.txt"):
        chosen_notebooks([folder / "notebooks" / "notes.txt"])
    with pytest.raises(VizTransformerError, match=r"missing\.ipynb"):
        chosen_notebooks([folder / "missing.ipynb"])


def test_notebooks_in_nested_folders_are_served_at_their_relative_paths(folder: Path) -> None:
    notebooks = chosen_notebooks([folder / "notebooks/a.ipynb", folder / "notebooks/extra/c.ipynb"])
    root = serving_root(notebooks)
    assert root == (folder / "notebooks").resolve()
    assert render_paths(notebooks, root) == ["/voila/render/a.ipynb", "/voila/render/extra/c.ipynb"]


def test_only_the_notebooks_not_chosen_are_kept_from_preheating(folder: Path) -> None:
    root = (folder / "notebooks").resolve()
    patterns = others_in(root, [root / "a.ipynb"])
    denied = [name for name in ("a.ipynb", "b.ipynb", "extra/c.ipynb")
              if any(re.match(p, name) or re.match(p, str(root / name)) for p in patterns)]  # fmt: skip
    assert denied == ["b.ipynb", "extra/c.ipynb"]
