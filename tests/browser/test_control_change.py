"""The control-change helper proven on a small notebook: a Dropdown wired to a plotly
FigureWidget heatmap. Changing the choice in the page must change the heatmap plotly.js draws;
doing nothing must be reported as no change."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Locator, Page, expect

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, CONTROL_FIXTURE, REPO
from .controls import assert_plot_changes, choose, plot_state
from .jupyter_app import lab_url_path, open_notebook, run_all_cells
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server

EDITED_AT_ONCE = REPO / "tests" / "browser" / "fixtures" / "edited_at_once.ipynb"
HOLD_BACK_PLOTLY_MODULE = """
globalThis[Symbol.for("viz_transformer.plotly_widget_modules")] = new (class extends Map {
  set(version, entry) {
    const late = entry.module.then((module) => new Promise((arrive) => setTimeout(() => arrive(module), 5000)));
    return super.set(version, { ...entry, module: late });
  }
})();
"""


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
    screenshot_whole(page, ARTIFACTS / "jupyterlab-fixture-dropdown_heatmap.png", restore=False)
    network.assert_offline()


def test_edits_sent_while_plotly_s_module_loads_reach_the_picture(
    lab: Server, page: Page, network: NetworkLog
) -> None:
    """A figure shown and edited in one cell while plotly's module arrives late (held back 5 s
    here, as on a busy classroom laptop, with the page otherwise idle): anywidget drops every
    message to a model not started within its timeout, so ``plotly_widget_once.js`` starts the
    model without the module and keeps the restyle and relayout for plotly's own model code. The
    picture must be the edited one, not the one first built, and not blank."""
    page.add_init_script(HOLD_BACK_PLOTLY_MODULE)
    path = EDITED_AT_ONCE.relative_to(REPO).as_posix()
    open_notebook(page, lab.url(lab_url_path(path)), path)
    ran_ok = run_all_cells(page)
    wait_until_visuals_drawn(page)
    assert_notebook_ran_cleanly(page, ran_ok)
    figure = page.locator(".jp-OutputArea-output", has=page.locator(".js-plotly-plot")).first
    expect(figure.locator(".gtitle")).to_have_text("edited at once")
    assert heatmap_z(plot_state(figure)) == [[7.0] * 3] * 3
    network.assert_offline()
