"""One lesson run in a real JupyterLab in Chromium: no error output, every widget and plot
drawn, a screenshot, and no request leaving the machine. The lessons are split over two test
files (one per edition's turns, lesson_turns.py) so that the two test workers share them."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, REPO
from .jupyter_app import lab_url_path, open_notebook, run_all_cells
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server


def lesson_id(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


def check_lesson_in_lab(notebook: Path, lab: Server, page: Page, network: NetworkLog) -> None:
    """Open ``notebook`` in ``lab``, run every cell, and check the page as a learner sees it."""
    path = notebook.relative_to(REPO).as_posix()
    open_notebook(page, lab.url(lab_url_path(path)), path)
    ran_ok = run_all_cells(page)
    wait_until_visuals_drawn(page)
    screenshot_whole(page, ARTIFACTS / f"jupyterlab-{lesson_id(notebook)}.png")
    assert_notebook_ran_cleanly(page, ran_ok)
    network.assert_offline()
