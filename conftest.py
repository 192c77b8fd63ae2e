"""Suite-wide pytest set-up: a full run collects both the unit tests and the notebooks, runs
each notebook of each edition once (and keeps it as the book's executed copy, ending with the
book's test), and gives each process one torch thread."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.chromium import find_chromium, in_ci
from tests.browser.lesson_turns import BROWSER_TESTS, IN_BROWSER

# which notebooks of the run have ended; nbval's notebooks kept as the book's executed copies
pytest_plugins = ("tests.notebook_runs", "tests.executed_copies")

# For the tests in this process; the notebooks' kernels get the book's instead (executed_copies)
os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
os.environ.setdefault("MPLBACKEND", "Agg")
# One torch thread per process (pytest workers and the kernels they start): two workers on
# two cores, each with torch's default of two threads, spend most of their time waiting on
# each other (the training lesson ran 10x slower than alone).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave out of nbval the notebooks the browser test runs in this session (lesson_turns)."""
    if collection_path in IN_BROWSER and _browser_runs_lessons(config):
        return True
    return None


def _browser_runs_lessons(config: pytest.Config) -> bool:
    """Whether this session runs the browser's lesson tests: a browser to drive (CI always
    has one) and both test files among the paths asked for."""
    if find_chromium() is None and not in_ci():
        return False
    asked = [Path(config.rootpath, arg.split("::")[0]).resolve() for arg in config.args]
    return all(any(p == test or p in test.parents for p in asked) for test in BROWSER_TESTS)


# The files that take longest, longest first (seconds of one worker in a full run on this
# machine, 2026-12-03 15:32). pytest-xdist hands whole files to the workers in collection order
# (``--no-loadscope-reorder`` in pyproject.toml: by default xdist 3.8 reorders the files by
# their number of tests); when a long file came last it ran alone at the end.
LONGEST_FIRST = (
    "tests/browser/test_jupyterlab_lessons_en.py",  # 256 s
    "tests/browser/test_jupyterlab_lessons_zh.py",  # 199 s
    "tests/browser/test_jupyterhub.py",  # 132 s
    "tests/browser/test_voila.py",  # 57 s
    "tests/browser/test_mouse_exploration.py",  # 52 s
    "tests/test_static_output.py",  # 52 s
    "tests/test_classroom_load.py",  # 47 s
)
# Then the notebooks nbval runs: the book is built from them (below), so they end early enough
# for the book to run beside the last unit tests instead of alone after them.
NOTEBOOKS = "notebooks/"
# Handed out after everything else: the book waits for the other worker's notebooks, whose
# executed copies it is built from (tests/browser/test_book.py).
LAST = ("tests/browser/test_book.py",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Hand the longest files out first and the book last; refuse a full run that silently
    lost a part (no notebooks, or no unit tests)."""
    items.sort(key=_run_order)
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return  # a user picked paths by hand
    parts = {item.nodeid.split("/", 1)[0] for item in items}
    missing = {"tests", "notebooks"} - parts
    if missing:
        raise pytest.UsageError(f"the full test run collected nothing from {sorted(missing)}.")


def _run_order(item: pytest.Item) -> int:
    """The place of the item's file in LONGEST_FIRST; then the notebooks, then every other
    file, each in the order collected (the sort is stable), and the LAST files at the end."""
    file = item.nodeid.split("::", 1)[0]
    if file in LONGEST_FIRST:
        return LONGEST_FIRST.index(file)
    if file in LAST:
        return len(LONGEST_FIRST) + 2 + LAST.index(file)
    return len(LONGEST_FIRST) + (0 if file.startswith(NOTEBOOKS) else 1)
