"""The control-change helper proven on a small notebook: a Dropdown wired to a plotly
FigureWidget heatmap. Changing the choice in the page must change the heatmap plotly.js draws;
doing nothing must be reported as no change."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Locator, Page

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, CONTROL_FIXTURE, REPO
from .controls import assert_plot_changes, choose
from .jupyter_app import lab_url_path, open_notebook, run_all_cells
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server


@pytest.fixture
def explorer(lab: Server, page: Page) -> Locator:
    """The fixture notebook run in JupyterLab; the output holding dropdown and heatmap."""
    path = CONTROL_FIXTURE.relative_to(REPO).as_posix()
    open_notebook(page, lab.url(lab_url_path(path)), path)
    ran_ok = run_all_cells(page)
    wait_until_visuals_drawn(page)
    assert_notebook_ran_cleanly(page, ran_ok)
    return page.locator(".jp-OutputArea-output", has=page.locator(".js-plotly-plot")).first


def heatmap_z(state: str) -> list[list[float]]:
    """The z matrix of the first plotly graph in a :func:`controls.plot_state` string."""
    trace = json.loads(json.loads(state)["plots"][0])[0]
    return trace["z"]


def test_choosing_another_pattern_redraws_the_heatmap_and_no_change_is_reported(
    explorer: Locator, page: Page, network: NetworkLog
) -> None:
    after = assert_plot_changes(explorer, lambda: choose(explorer, "pattern", "uniform"))
    assert heatmap_z(after) == [[0.25] * 4] * 4
    with pytest.raises(AssertionError, match="did not change"):  # the helper can fail
        assert_plot_changes(explorer, lambda: None, timeout_ms=1_000)
    screenshot_whole(page, ARTIFACTS / "jupyterlab-fixture-dropdown_heatmap.png")
    network.assert_offline()
