"""Classroom mode's choices before Voila starts: which notebooks (each checked), at which
addresses, with which join code and kernel cap. (The running room is probed in
tests/test_classroom_security.py, the pages in a browser in tests/browser.)"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from viz_transformer.classroom.access import new_code, normalized, resolve_code, same_code
from viz_transformer.classroom.notebooks import chosen_notebooks, fill_room, lessons
from viz_transformer.classroom.queue import START_BELOW, usable_cpus
from viz_transformer.commands.classroom import (
    add_arguments,
    concurrent_starts,
    fitting_pool,
    is_loopback,
    lowered_pool,
    render_paths,
    voila_argv,
)
from viz_transformer.errors import VizTransformerError

NOTEBOOK = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """notebooks/a.ipynb, notebooks/b.ipynb, notebooks/extra/c.ipynb, a text file, and the two
    editions' lessons notebooks/en/a.ipynb and notebooks/zh/a.ipynb, b.ipynb."""
    for name in (
        "a.ipynb",
        "b.ipynb",
        "extra/c.ipynb",
        "notes.txt",
        "en/a.ipynb",
        "zh/a.ipynb",
        "zh/b.ipynb",
    ):
        path = tmp_path / "notebooks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NOTEBOOK, encoding="utf-8")
    return tmp_path


def test_without_arguments_every_lesson_of_the_edition_is_served(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    assert chosen_notebooks([]) == [folder / "notebooks" / "en" / "a.ipynb"]
    zh = chosen_notebooks([], edition="zh")
    assert zh == [folder / "notebooks" / "zh" / name for name in ("a.ipynb", "b.ipynb")]


def test_a_missing_or_non_notebook_file_is_refused(folder: Path) -> None:
    with pytest.raises(VizTransformerError, match=r"notes\.txt is not a notebook"):
        chosen_notebooks([folder / "notebooks" / "notes.txt"])
    with pytest.raises(VizTransformerError, match=r"not found: .*missing\.ipynb"):
        chosen_notebooks([folder / "missing.ipynb"])
    with pytest.raises(VizTransformerError, match=r"is a folder"):
        chosen_notebooks([folder / "notebooks"])


def test_broken_json_and_json_that_is_no_notebook_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(VizTransformerError, match=r"broken\.ipynb is not valid JSON \(line 1"):
        chosen_notebooks([broken])
    other = tmp_path / "other.ipynb"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(VizTransformerError, match=r"other\.ipynb is not a Jupyter notebook"):
        chosen_notebooks([other])


def test_each_notebook_gets_its_own_name_and_folder_in_the_room(folder: Path) -> None:
    nested = folder / "notebooks" / "extra" / "a.ipynb"
    nested.write_text(NOTEBOOK, encoding="utf-8")
    room = lessons(chosen_notebooks([folder / "notebooks/a.ipynb", folder / "notebooks/extra/c.ipynb", nested]))  # fmt: skip
    assert render_paths(room) == [
        "/voila/render/a.ipynb", "/voila/render/c.ipynb", "/voila/render/a-2.ipynb"
    ]  # fmt: skip
    assert [lesson.workdir for lesson in room] == [
        (folder / "notebooks").resolve(), nested.parent.resolve(), nested.parent.resolve()
    ]  # fmt: skip
    served = folder / "served"
    fill_room(served, room)
    files = sorted(p.relative_to(served).as_posix() for p in served.rglob("*") if p.is_file())
    assert files == ["0/a.ipynb", "1/c.ipynb", "2/a-2.ipynb"]  # copies of the chosen ones only


def test_the_join_code_is_on_beyond_loopback_and_forgiving_to_type() -> None:
    assert resolve_code(None, loopback=True) == ""
    code = resolve_code(None, loopback=False)
    assert len(normalized(code)) == 8 and code != new_code()
    assert resolve_code("none", loopback=False) == ""
    assert same_code(" K7PM 3xqa", "k7pm-3XQA") and not same_code("k7pm3xqb", "k7pm-3xqa")
    with pytest.raises(VizTransformerError, match="too short"):
        resolve_code("abc", loopback=False)
    with pytest.raises(VizTransformerError, match="letters, digits"):
        resolve_code("a<b>cdef", loopback=False)


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_notebooks_run_at_once_default_to_one_per_cpu() -> None:
    assert concurrent_starts(argparse.Namespace(concurrent_starts=None)) == usable_cpus() >= 1
    assert concurrent_starts(argparse.Namespace(concurrent_starts=3)) == 3


def test_the_cpu_threshold_reaches_the_room() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args([]).start_below_cpu == START_BELOW
    args = parser.parse_args(["--start-below-cpu", "0.5"])
    assert "--RoomVoila.start_below_cpu=0.5" in voila_argv(args, Path("room"), keep_free=1024)


def test_a_pool_larger_than_the_memory_holds_is_lowered_or_refused() -> None:
    assert fitting_pool(50, notebooks=1, fits=60) == 50
    assert fitting_pool(50, notebooks=2, fits=60) == 30
    assert fitting_pool(1, notebooks=3, fits=2) == 0
    lowered = lowered_pool(50, 30, notebooks=2, fits=60, keep_free=2048)
    assert lowered.startswith("--pool 50 for 2 notebook(s) lowered to 30: the memory free now "
                              "holds about 60 kernel(s)")  # fmt: skip
    assert "close other programs, lower --keep-free or serve fewer notebooks" in lowered
    refused = lowered_pool(1, 0, notebooks=3, fits=2, keep_free=2048)
    assert "--pool 1 for 3 notebook(s) refused (no kernel kept warm" in refused
