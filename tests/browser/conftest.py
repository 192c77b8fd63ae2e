"""Fixtures of the browser tests: one headless Chromium and one JupyterLab server for the whole
session, a fresh browser context per test whose network traffic is recorded, and the folder
screenshots go to.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from book.build import book_kernel_env
from viz_transformer.commands.classroom import TEMPLATE, TEMPLATE_ROOT

from .chromium import LAUNCH_ARGS, require_chromium
from .jupyter_app import lab_url_path, open_lab
from .jupyter_env import isolated_env
from .network import NetworkLog
from .servers import Server, free_port, root_flag, running, shut_down_kernels

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
VIEWPORT = {"width": 1280, "height": 900}
TOUR = REPO / "notebooks" / "en" / "00_tour.ipynb"
CONTROL_FIXTURE = Path(__file__).parent / "fixtures" / "dropdown_heatmap.ipynb"
VOILA_READY = "/voila/static/voila.js"  # answers without starting a kernel

collect_ignore_glob = ["fixtures/*"]  # notebooks the browser tests open, not tests themselves


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium to drive; skip (fail under ``CI=true``) when the machine has none."""
    return require_chromium()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the session (starting one per test would double the runtime)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def network() -> NetworkLog:
    """The requests of this test's pages, for the offline check."""
    return NetworkLog()


@pytest.fixture
def page(browser: Browser, network: NetworkLog) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies or storage shared between tests)."""
    context = browser.new_context(viewport=VIEWPORT)
    network.attach(context)
    try:
        yield context.new_page()
    finally:
        context.close()


def jupyter_server(app: str, env: dict[str, str], name: str) -> Iterator[Server]:
    """Run ``jupyter <app>`` (lab or notebook) on 127.0.0.1 at the repository's root, with a
    token, the environment ``env`` (:func:`isolated_env`'s) and the app reachable as
    ``window.jupyterapp``."""
    port, token = free_port(), secrets.token_hex(16)
    app_class = {"lab": "LabApp", "notebook": "JupyterNotebookApp"}[app]
    argv = [
        *(sys.executable, "-m", "jupyter", app, "--no-browser", *root_flag()),
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={REPO}",
        f"--{app_class}.expose_app_in_browser=True",
    ]
    log_path = ARTIFACTS / "logs" / f"{name}.log"
    with running(
        argv, port=port, token=token, ready_path="/api/status", env=env, log_path=log_path
    ) as server:
        yield server


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One JupyterLab server for all the notebooks. Its kernels draw as the book's do
    (``book_kernel_env``: static pictures on, plotly's JSON, inline matplotlib), so that the
    lessons it runs are kept as the book's executed copies (lab_copy.py)."""
    env = book_kernel_env(isolated_env(tmp_path_factory.mktemp("lab")))
    yield from jupyter_server("lab", env, "jupyterlab")


@pytest.fixture(scope="session")
def notebook_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Jupyter Notebook 7 server."""
    yield from jupyter_server("notebook", isolated_env(tmp_path_factory.mktemp("nb7")), "notebook7")


@pytest.fixture
def lab(lab_server: Server) -> Iterator[Server]:
    """The session's JupyterLab, whose kernels are shut down after the test."""
    yield lab_server
    shut_down_kernels(lab_server)


@pytest.fixture(scope="module")
def lab_tab(browser: Browser, lab_server: Server) -> Iterator[tuple[Page, NetworkLog]]:
    """One JupyterLab tab, in a browser context of its own, for the lessons of a test file;
    every request it makes is recorded."""
    network = NetworkLog()
    context = browser.new_context(viewport=VIEWPORT)
    network.attach(context)
    page = context.new_page()
    try:
        open_lab(page, lab_server.url(lab_url_path()))
        yield page, network
    finally:
        context.close()


@pytest.fixture
def notebook7(notebook_server: Server) -> Iterator[Server]:
    """The session's Notebook 7, whose kernels are shut down after the test."""
    yield notebook_server
    shut_down_kernels(notebook_server)


def voila_app(notebook: Path, tmp: Path) -> Iterator[Server]:
    """``voila NOTEBOOK`` (its app at ``/``) with the package's offline template and tracebacks
    shown, so a failing cell is visible to the test."""
    port = free_port()
    argv = [
        *(sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}"),
        *("--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--show_tracebacks=True"),
        f"--template={TEMPLATE}",
    ]
    env = isolated_env(tmp) | {"JUPYTER_PATH": str(TEMPLATE_ROOT)}
    log_path = ARTIFACTS / "logs" / f"voila-{notebook.stem}.log"
    with running(
        argv, port=port, token="", ready_path=VOILA_READY, env=env, log_path=log_path
    ) as server:
        yield server


@pytest.fixture
def voila_tour(tmp_path: Path) -> Iterator[Server]:
    """The tour as a Voila app."""
    yield from voila_app(TOUR, tmp_path)


@pytest.fixture
def voila_control(tmp_path: Path) -> Iterator[Server]:
    """The Dropdown→heatmap fixture notebook as a Voila app."""
    yield from voila_app(CONTROL_FIXTURE, tmp_path)


CLASSROOM_CODE = "k7pm-3xqa"


@pytest.fixture
def classroom(tmp_path: Path) -> Iterator[Server]:
    """``python -m viz_transformer classroom`` serving the tour behind the join code
    ``CLASSROOM_CODE``, with one preheated kernel; its log holds what it printed for the teacher."""
    port = free_port()
    argv = [
        *(sys.executable, "-m", "viz_transformer", "classroom", str(TOUR)),
        *("--ip", "127.0.0.1", "--port", str(port), "--pool", "1", "--code", CLASSROOM_CODE),
    ]
    log_path = ARTIFACTS / "logs" / "classroom.log"
    env = isolated_env(tmp_path)
    with running(
        argv, port=port, token="", ready_path=VOILA_READY, env=env, log_path=log_path
    ) as server:
        yield server
