"""Every notebook of the suite runs in a real JupyterLab in Chromium: no error output, every
widget and plot drawn, and no request leaves the machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, REPO
from .jupyter_app import lab_url_path, open_notebook, run_all_cells
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_and_renders_offline(
    notebook: Path, lab: Server, page: Page, network: NetworkLog
) -> None:
    path = notebook.relative_to(REPO).as_posix()
    open_notebook(page, lab.url(lab_url_path(path)), path)
    ran_ok = run_all_cells(page)
    wait_until_visuals_drawn(page)
    screenshot_whole(page, ARTIFACTS / f"jupyterlab-{notebook.stem}.png")
    assert_notebook_ran_cleanly(page, ran_ok)
    network.assert_offline()
