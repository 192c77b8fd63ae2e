"""The notebooks nbval runs, saved as the book's executed copies (``save_executed`` in
book/build.py), so that the book is built from the outputs this test run checked instead of
executing every notebook a second time. A pytest plugin, registered by the root conftest.

Two things make such a copy the one ``book/build.py`` would have saved:

- **The kernel's environment.** nbval starts each notebook's kernel with the pytest
  process's environment, where the suite's conftest set ``MPLBACKEND=Agg`` (no figure shown)
  and no static output. Here nbval's ``start_new_kernel`` is wrapped so that the kernel gets
  ``book_kernel_env`` instead (``env`` goes on to ``KernelManager.start_kernel``); the pytest
  process keeps its own environment, which the unit tests expect.
- **The outputs.** nbval keeps a cell's outputs only to compare them: it ignores
  ``clear_output``, display updates and Output widgets, and keeps no widget state. So every
  iopub message nbval reads (``IPyNbFile.get_kernel_message``) of a cell's execution is also
  handed to an nbclient ``NotebookClient`` without a kernel of its own, whose
  ``process_message`` builds the cell's outputs and the widgets' states as book/build.py's
  nbclient does, Output widgets answered as a front end answers them.

The copy is saved once the notebook's last code cell ran, if every code cell passed, its cells
numbered 1..n; a notebook with a failed or skipped cell leaves its copy as it was (the book
executes it).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import nbformat
import nbval.kernel
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbval.plugin import IPyNbCell, IPyNbFile

from book.build import book_kernel_env, save_executed
from tests.notebook_runs import notebook_of


class Recording:
    """One notebook as nbval runs it, its cells' outputs and its widgets' state kept by
    nbclient from the kernel's messages."""

    def __init__(self, path: Path, kernel_client: Any) -> None:
        self.path = path
        self.client = NotebookClient(nbformat.read(path, as_version=4), record_timing=False)
        self.client.kc = kernel_client  # nbclient's Output widgets send their state through it
        cells = self.client.nb.cells
        self.code_cells = [i for i, cell in enumerate(cells) if cell.cell_type == "code"]
        self.passed = 0
        self.cell_index = self.code_cells[0]  # the running cell (index among all cells)
        self.request: str | None = None  # the id of the running cell's execute request

    def start_cell(self, code_number: int) -> None:
        """Code cell ``code_number`` (nbval's ``cell_num``) is about to run."""
        self.cell_index = self.code_cells[code_number]
        self.client.nb.cells[self.cell_index].outputs = []
        self.client.clear_before_next_output = False
        self.request = None

    def take(self, msg: dict[str, Any]) -> None:
        """Process ``msg`` as nbclient does if it belongs to the running cell's execution (the
        request whose code the kernel echoed in ``execute_input``)."""
        parent = msg["parent_header"].get("msg_id")
        if msg["msg_type"] == "execute_input" and self.request is None:
            self.request = parent
        if parent != self.request:
            return
        cell = self.client.nb.cells[self.cell_index]
        with contextlib.suppress(CellExecutionComplete):  # the kernel went idle: cell done
            self.client.process_message(msg, cell, self.cell_index)

    def save_if_all_passed(self) -> None:
        if self.passed == len(self.code_cells):
            self.number_cells()
            save_executed(self.path, self.client.nb, self.client.widget_state)

    def number_cells(self) -> None:
        """Execution counts 1..n, as a fresh kernel numbers the cells nbclient runs (those
        with code): nbval executes without storing history, so every cell would get the same."""
        cells = [self.client.nb.cells[index] for index in self.code_cells]
        for cell in cells:
            cell.execution_count = None
        for number, cell in enumerate((cell for cell in cells if cell.source.strip()), start=1):
            cell.execution_count = number
            for output in cell.outputs:
                if output.output_type == "execute_result":
                    output.execution_count = number


RECORDING = pytest.StashKey[Recording]()
ORIGINALS = pytest.StashKey[tuple[Callable[..., Any], Callable[..., Any]]]()


def _recording(item: pytest.Item) -> Recording | None:
    return item.parent.stash.get(RECORDING, None) if isinstance(item, IPyNbCell) else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Before a cell runs: its notebook's recording starts with its first code cell."""
    if isinstance(item, IPyNbCell) and item.cell_num == 0 and notebook_of(item) is not None:
        item.parent.stash[RECORDING] = Recording(item.path, item.parent.kernel.kc)
    recording = _recording(item)
    if recording is not None:
        recording.start_cell(item.cell_num)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Count the cells that passed."""
    report = yield
    recording = _recording(item)
    if recording is not None and report.when == "call" and report.passed:
        recording.passed += 1
    return report


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """After the notebook's last code cell: save the copy if every cell passed (in a hook
    whose error is the cell's teardown error, not the run's internal error)."""
    recording = _recording(item)
    if recording is not None and item.cell_num == len(recording.code_cells) - 1:
        del item.parent.stash[RECORDING]
        recording.save_if_all_passed()


def _kernel_in_the_books_environment(start: Callable[..., Any]) -> Callable[..., Any]:
    """nbval's ``start_new_kernel``, the kernel started with ``book_kernel_env``."""

    def start_new_kernel(*args: Any, **kwargs: Any) -> Any:
        return start(*args, env=book_kernel_env(os.environ), **kwargs)

    return start_new_kernel


def _messages_recorded(read: Callable[..., Any]) -> Callable[..., Any]:
    """``IPyNbFile.get_kernel_message``, each iopub message also handed to the recording."""

    def get_kernel_message(
        self: IPyNbFile, timeout: float | None = None, stream: str = "iopub"
    ) -> dict[str, Any]:
        msg = read(self, timeout=timeout, stream=stream)
        recording = self.stash.get(RECORDING, None)
        if recording is not None and stream == "iopub":
            recording.take(msg)
        return msg

    return get_kernel_message


def pytest_configure(config: pytest.Config) -> None:
    """Wrap nbval's two functions for the session (the originals kept for unconfigure)."""
    config.stash[ORIGINALS] = (nbval.kernel.start_new_kernel, IPyNbFile.get_kernel_message)
    nbval.kernel.start_new_kernel = _kernel_in_the_books_environment(nbval.kernel.start_new_kernel)
    IPyNbFile.get_kernel_message = _messages_recorded(IPyNbFile.get_kernel_message)


def pytest_unconfigure(config: pytest.Config) -> None:
    """nbval as it was."""
    nbval.kernel.start_new_kernel, IPyNbFile.get_kernel_message = config.stash[ORIGINALS]
