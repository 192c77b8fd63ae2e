"""One lesson run in a real JupyterLab in Chromium: no error output, every widget and plot
drawn, a screenshot, and no request leaving the machine; the lesson as it ran is then the
book's executed copy (lab_copy.py). The lessons are split over two test files (one per
edition's turns, lesson_turns.py) so that the two test workers share them; each file loads
JupyterLab once (the ``lab_tab`` fixture) and opens its lessons in it in turn."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, REPO
from .jupyter_app import close_documents, open_in_lab, run_all_cells
from .lab_copy import save_lab_copy
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import restore_viewport, screenshot_whole


def lesson_id(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


def check_lesson_in_lab(notebook: Path, tab: tuple[Page, NetworkLog]) -> None:
    """Open ``notebook`` in the JupyterLab of ``tab``, run every cell, check the page as a
    learner sees it and, when all is well, save it for the book; the lesson is closed
    afterwards (``lab`` shuts its kernel down)."""
    page, network = tab
    network.urls.clear()
    path = notebook.relative_to(REPO).as_posix()
    viewport = page.viewport_size
    try:
        open_in_lab(page, path)
        ran_ok = run_all_cells(page)
        wait_until_visuals_drawn(page)
        shot = ARTIFACTS / f"jupyterlab-{lesson_id(notebook)}.png"
        screenshot_whole(page, shot, restore=False)  # restored once the lesson is closed
        assert_notebook_ran_cleanly(page, ran_ok)
        network.assert_offline()
        save_lab_copy(page, notebook)
    finally:
        close_documents(page)
        restore_viewport(page, viewport)
