"""Classroom mode as a student meets it: the address the command prints asks for the join code,
and once it is typed opens an app with every output drawn, no code, no error, nothing fetched
from outside, on a preheated kernel."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .checks import assert_outputs_render
from .conftest import ARTIFACTS, TOUR, VOILA_READY
from .jupyter_env import isolated_env
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server, free_port, running
from .voila_page import RENDER_TIMEOUT_MS, visible_code

CODE = "k7pm-3xqa"


@pytest.fixture
def classroom(tmp_path: Path) -> Iterator[Server]:
    """``python -m viz_transformer classroom`` serving the tour behind a join code, with one
    preheated kernel; its log holds what it printed for the teacher."""
    port = free_port()
    argv = [
        *(sys.executable, "-m", "viz_transformer", "classroom", str(TOUR)),
        *("--ip", "127.0.0.1", "--port", str(port), "--pool", "1", "--code", CODE),
    ]
    log_path = ARTIFACTS / "logs" / "classroom.log"
    env = isolated_env(tmp_path)
    with running(
        argv, port=port, token="", ready_path=VOILA_READY, env=env, log_path=log_path
    ) as server:
        yield server


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
