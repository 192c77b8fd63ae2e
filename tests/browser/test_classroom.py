"""Classroom mode as a student meets it: the address the command prints opens an app with
every output drawn, no code, no error, nothing fetched from outside, on a preheated kernel."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from .checks import assert_outputs_render
from .conftest import ARTIFACTS
from .network import NetworkLog
from .screenshots import screenshot_whole
from .servers import Server
from .voila_page import open_voila_app, visible_code


def printed_addresses(server: Server) -> list[str]:
    """The student addresses the command printed (indented ``http://`` lines)."""
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    return re.findall(r"^  (http://\S+)$", log, flags=re.MULTILINE)


def test_printed_address_serves_the_tour_without_code_offline(
    classroom: Server, page: Page, network: NetworkLog
) -> None:
    addresses = printed_addresses(classroom)
    assert addresses == [f"{classroom.base_url}/voila/render/00_tour.ipynb"]
    open_voila_app(page, addresses[0])
    screenshot_whole(page, ARTIFACTS / "classroom-00_tour.png")
    counts = assert_outputs_render(page)
    assert sum(counts.values()) > 0, "the app shows no widget, plot or image"
    assert not visible_code(page), "a student sees code"
    network.assert_offline()
    assert "Using pre-heated kernel" in classroom.log_path.read_text(encoding="utf-8")
