"""A page that got no figure carrying plotly's widget module (the kernel sent it with its first
figure, to an earlier page) asks the kernel for it, and its figure is drawn
(``plotly_widget_once.js``)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from .fixture_page import ran_fixture
from .servers import Server

NOTEBOOK = Path(__file__).parent / "fixtures" / "module_on_request.ipynb"


def test_a_figure_without_the_module_gets_it_from_the_kernel(
    browser: Browser, lab_server: Server
) -> None:
    with ran_fixture(browser, lab_server, NOTEBOOK, "jupyterlab-module-on-request.png") as run:
        page, network = run
        plot = page.locator(".jp-OutputArea-output .js-plotly-plot")
        bars = plot.evaluate("el => el.data.map((trace) => Array.from(trace.y))")
        assert bars == [[3, 1, 2]]
        network.assert_offline()
