"""The tour in Jupyter Notebook 7 (``/notebooks/<path>``): runs, renders, stays offline."""

from __future__ import annotations

from playwright.sync_api import Page

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, REPO, TOUR
from .jupyter_app import open_notebook, run_all_cells
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server


def test_tour_runs_and_renders_offline_in_notebook7(
    notebook7: Server, page: Page, network: NetworkLog
) -> None:
    path = TOUR.relative_to(REPO).as_posix()
    open_notebook(page, notebook7.url(f"/notebooks/{path}"), path)
    ran_ok = run_all_cells(page)
    wait_until_visuals_drawn(page)
    screenshot_whole(page, ARTIFACTS / "notebook7-00_tour.png", restore=False)
    assert_notebook_ran_cleanly(page, ran_ok)
    network.assert_offline()
