"""A real JupyterHub on 127.0.0.1 (docs/jupyterhub_config.py as it is shipped: the dummy
authenticator, the simple local-process spawner, the hub's proxy from npm): three students log
in, each sees the tour's first picture in JupyterLab, and one opens a lesson as a Voila app
through the hub, offline.

Skipped, with the reason, where JupyterHub or configurable-http-proxy is missing; in CI
(``CI=true``) that is a failure: scripts/system-deps.sh and the test extra install them.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .checks import assert_outputs_render
from .chromium import in_ci
from .conftest import ARTIFACTS, REPO, VIEWPORT
from .jupyter_app import lab_url_path, model_errors, open_notebook, run_all_cells
from .jupyter_env import isolated_env
from .network import NetworkLog
from .screenshots import screenshot_whole
from .servers import Server, free_port, running
from .voila_page import RENDER_TIMEOUT_MS, open_voila_app, visible_code
from .waiting import wait_until

CONFIG = REPO / "docs" / "jupyterhub_config.py"
TOUR = "notebooks/en/00_tour.ipynb"
LESSON = "notebooks/en/03_multi_head_attention.ipynb"
STUDENTS = ("ada", "grace", "alan")
MATHJAX_CDN = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/"
FIRST_PICTURE_TIMEOUT_MS = 60_000
# the tour's first picture (the architecture map, a plotly figure) drawn with its data
FIRST_PICTURE_JS = """
() => { const plot = document.querySelector('.js-plotly-plot');
        return Boolean(plot && plot.data && plot.data.length && plot.querySelector('.main-svg')); }
"""


def missing_pieces() -> list[str]:
    missing = []
    if importlib.util.find_spec("jupyterhub") is None:
        missing.append("jupyterhub (pip install jupyterhub)")
    if shutil.which("configurable-http-proxy") is None:
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    return missing


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``jupyterhub -f docs/jupyterhub_config.py`` on free loopback ports, its state in a
    temporary folder; the students' servers inherit isolated Jupyter settings."""
    missing = missing_pieces()
    if missing:
        reason = "a real JupyterHub needs " + " and ".join(missing)
        if in_ci():
            pytest.fail(reason + "; CI installs them (scripts/system-deps.sh, the test extra)")
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("hub")
    env = isolated_env(tmp)
    # JupyterLab in the students' servers exposes itself to the test's scripts
    config = {"LabApp": {"expose_app_in_browser": True}}
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.json").write_text(json.dumps(config))
    port = free_port()
    env |= {"VT_HUB_STATE": str(tmp / "state"), "VT_HUB_PORT": str(port),
            "VT_HUB_API_PORT": str(free_port()), "VT_PROXY_API_PORT": str(free_port())}  # fmt: skip
    argv = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)]
    log_path = ARTIFACTS / "logs" / "jupyterhub.log"
    with running(argv, port=port, token="", ready_path="/hub/health", env=env,
                 log_path=log_path) as server:  # fmt: skip
        yield server


def log_in(browser: Browser, hub: Server, name: str, network: NetworkLog) -> Page:
    """A fresh browser for ``name``, logged in through the hub's form (its server started)."""
    context = browser.new_context(viewport=VIEWPORT)
    network.attach(context)
    page = context.new_page()
    page.goto(hub.base_url + "/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", "any")
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{name}/lab**", timeout=RENDER_TIMEOUT_MS)
    return page


def test_three_students_see_the_tour_and_a_lesson_app_through_the_hub(
    hub: Server, browser: Browser, network: NetworkLog
) -> None:
    contexts = []
    for name in STUDENTS:
        page = log_in(browser, hub, name, network)
        contexts.append(page.context)
        user_url = f"{hub.base_url}/user/{name}"
        open_notebook(page, user_url + lab_url_path(TOUR), TOUR)
        assert run_all_cells(page), f"{name}: the tour did not run to its end"
        assert not model_errors(page), f"{name}: {model_errors(page)}"
        wait_until(page, FIRST_PICTURE_JS, timeout_ms=FIRST_PICTURE_TIMEOUT_MS)
        page.locator(".js-plotly-plot").first.screenshot(
            path=ARTIFACTS / f"jupyterhub-{name}-tour-first-picture.png"
        )
        page.close()  # the next student's browser gets the machine's cores
    network.assert_offline()  # JupyterLab through the hub
    app = contexts[0].new_page()
    open_voila_app(app, f"{hub.base_url}/user/{STUDENTS[0]}/voila/render/{LESSON}")
    counts = assert_outputs_render(app)
    assert sum(counts.values()) > 0, "the Voila app shows no widget, plot or image"
    assert not visible_code(app), "a student sees code in the app"
    screenshot_whole(app, ARTIFACTS / "jupyterhub-voila-03.png")
    # a known gap, not hidden: on a hub (not in classroom mode) Voila's page asks a CDN for
    # MathJax 2 when the notebook holds a formula, even with no MathJax URL in its page config
    # (README, "Binder or a JupyterHub"); nothing else may leave the machine
    assert [url for url in network.foreign() if not url.startswith(MATHJAX_CDN)] == []
    for context in contexts:
        context.close()
