"""A fixture notebook opened and run in JupyterLab for a test, saved as a screenshot afterwards
(also when the test fails), its kernels shut down and every request recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page

from .checks import assert_notebook_ran_cleanly
from .conftest import ARTIFACTS, REPO, VIEWPORT
from .jupyter_app import lab_url_path, open_notebook, run_all_cells
from .network import NetworkLog
from .outputs import wait_until_visuals_drawn
from .screenshots import screenshot_whole
from .servers import Server, shut_down_kernels


@contextmanager
def ran_fixture(
    browser: Browser, lab_server: Server, notebook: Path, screenshot: str
) -> Iterator[tuple[Page, NetworkLog]]:
    """``notebook`` run to the end without errors, every output drawn; the page (as the test
    left it) is saved to ``ARTIFACTS / screenshot``."""
    network = NetworkLog()
    context = browser.new_context(viewport=VIEWPORT)
    network.attach(context)
    page = context.new_page()
    try:
        path = notebook.relative_to(REPO).as_posix()
        open_notebook(page, lab_server.url(lab_url_path(path)), path)
        ran_ok = run_all_cells(page)
        wait_until_visuals_drawn(page)
        assert_notebook_ran_cleanly(page, ran_ok)
        yield page, network
    finally:
        try:
            screenshot_whole(page, ARTIFACTS / screenshot, restore=False)
        finally:
            context.close()
            shut_down_kernels(lab_server)
