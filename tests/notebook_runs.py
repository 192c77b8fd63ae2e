"""Which of the book's notebooks a test run executes (under nbval, or in JupyterLab: see
``tests/browser/lesson_turns.py``) and which of them have ended, seen from any of the run's
workers. A pytest plugin, registered by the root conftest; the book test waits on it
(``tests/browser/test_book.py``).

Each pytest-xdist worker collects every item of the run (and runs those handed to it), so
any worker knows all the run's notebooks. When a notebook's test ends, passed or failed, the
file ``<name>.tested`` beside its executed copy gets the run's id, which all the run's
workers share (``PYTEST_XDIST_TESTRUNUID``; a run without workers makes one up).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Generator, Iterable
from pathlib import Path

import pytest
from nbval.plugin import IPyNbCell

from book.build import DEFAULT_EDITIONS, executed_copy
from tests.browser.lesson_turns import BROWSER_TESTS

RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
BOOK_FOLDERS = [folder.resolve() for folder in DEFAULT_EDITIONS]


def notebook_of(item: pytest.Item | None) -> Path | None:
    """The book's notebook that ``item`` runs: an nbval cell's, or a JupyterLab lesson's."""
    if isinstance(item, IPyNbCell):
        path = item.path
    elif isinstance(item, pytest.Function) and item.path in BROWSER_TESTS:
        path = item.callspec.params["notebook"]
    else:
        return None
    path = path.resolve()
    return path if path.parent in BOOK_FOLDERS else None


def _mark(notebook: Path) -> Path:
    return executed_copy(notebook).with_suffix(".tested")


def unfinished(items: Iterable[pytest.Item]) -> list[Path]:
    """The notebooks run by ``items`` whose test has not ended yet in this run."""
    notebooks = {notebook for item in items if (notebook := notebook_of(item)) is not None}
    return sorted(notebook for notebook in notebooks if not _ended(notebook))


def _ended(notebook: Path) -> bool:
    mark = _mark(notebook)
    return mark.is_file() and mark.read_text(encoding="utf-8") == RUN_ID


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, None, None]:
    """After a notebook's last item (and whatever its teardown raised), mark it ended: then
    its executed copy, if the test saved one, is in place."""
    try:
        return (yield)
    finally:
        notebook = notebook_of(item)
        if notebook is not None and notebook_of(nextitem) != notebook:
            mark = _mark(notebook)
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.write_text(RUN_ID, encoding="utf-8")
