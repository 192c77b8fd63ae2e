"""Notebooks as Voila apps (what ``voila notebooks/en/00_tour.ipynb`` shows, with the package's
offline template): every output drawn, no error, no code, no request off the machine, and the
controls still talk to the kernel."""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter
from playwright.sync_api import Page

from .checks import assert_outputs_render
from .conftest import ARTIFACTS, TOUR
from .controls import assert_plot_changes, choose
from .network import NetworkLog
from .screenshots import screenshot_whole
from .servers import Server
from .voila_page import open_voila_app, visible_code


def test_tour_renders_offline_as_a_voila_app(
    voila_tour: Server, page: Page, network: NetworkLog
) -> None:
    open_voila_app(page, voila_tour.url("/"))
    screenshot_whole(page, ARTIFACTS / "voila-00_tour.png")
    counts = assert_outputs_render(page)
    assert sum(counts.values()) > 0, "the app shows no widget, plot or image"
    assert not visible_code(page), "Voila shows code"
    network.assert_offline()


def test_a_control_redraws_the_plot_in_a_voila_app(
    voila_control: Server, page: Page, network: NetworkLog
) -> None:
    open_voila_app(page, voila_control.url("/"))
    assert_outputs_render(page)
    app = page.locator("#rendered_cells")
    assert_plot_changes(app, lambda: choose(app, "pattern", "first token"))
    network.assert_offline()


def test_the_code_check_sees_code_where_there_is_some(page: Page) -> None:
    """The no-code assertion above is not vacuous: on the tour exported with its sources
    (nbconvert's lab template, the one Voila builds on) it finds them."""
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.read(TOUR, 4))
    page.route("**/*", lambda route: route.abort())  # the export's CDN links stay unfetched
    page.set_content(html, wait_until="domcontentloaded")
    assert any("import" in code for code in visible_code(page))
