"""Classroom mode as a student meets it: the address the command prints asks for the join code,
and once it is typed opens an app with every output drawn, no code, no error, nothing fetched
from outside, on a preheated kernel."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from .checks import assert_outputs_render
from .conftest import ARTIFACTS
from .conftest import CLASSROOM_CODE as CODE
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server
from .voila_page import RENDER_TIMEOUT_MS, visible_code


def printed(server: Server, pattern: str) -> list[str]:
    """The lines of the command's output matching ``pattern`` (its first group)."""
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    return re.findall(pattern, log, flags=re.MULTILINE)


def test_printed_address_and_code_serve_the_tour_without_code_offline(
    classroom: Server, page: Page, network: NetworkLog
) -> None:
    addresses = printed(classroom, r"^  (http://\S+)$")
    assert addresses == [f"{classroom.base_url}/voila/render/00_tour.ipynb"]
    assert printed(classroom, r"^Join code: (\S+)") == [CODE]
    page.goto(addresses[0])
    assert "join code" in page.inner_text("body")
    page.fill("input[name=code]", CODE.upper())  # typed as read off a projector
    page.click("button[type=submit]")  # the form sends the student on to the app
    page.wait_for_url(addresses[0], timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=RENDER_TIMEOUT_MS)
    wait_until_visuals_drawn(page)
    screenshot_whole(page, ARTIFACTS / "classroom-00_tour.png")
    counts = assert_outputs_render(page)
    assert sum(counts.values()) > 0, "the app shows no widget, plot or image"
    assert not visible_code(page), "a student sees code"
    network.assert_offline()
    assert "Using pre-heated kernel" in classroom.log_path.read_text(encoding="utf-8")
