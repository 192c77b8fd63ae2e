"""A JupyterHub serving this repository's notebooks from one computer: the exact configuration
``tests/browser/test_jupyterhub.py`` runs, and a starting point for a real deployment.

    pip install 'viz-transformer[lab]' jupyterhub
    npm install -g configurable-http-proxy          # the hub's proxy
    jupyterhub -f docs/jupyterhub_config.py         # from the repository's root

Each student logs in at ``http://127.0.0.1:8000/hub/login`` and gets their own Jupyter server
(``/user/<name>/lab``) started as a local process, with the repository as its folder: the tour
is ``/user/<name>/lab/tree/notebooks/en/00_tour.ipynb``, a lesson as an app
``/user/<name>/voila/render/notebooks/zh/03_multi_head_attention.ipynb`` (or, before they know
their name, ``/hub/user-redirect/voila/render/...``). Voila draws with the package's offline
template, so a room without internet sees every icon and picture; a Voila page with a formula
still asks a CDN for MathJax (README, "Binder or a JupyterHub").

For a test this uses the dummy authenticator (any name, no password) and the simple local
spawner (every student's server runs as the hub's own user): on a real hub replace both
(e.g. ``NativeAuthenticator`` or your school's OAuth, and ``KubeSpawner`` through Zero to
JupyterHub: docs/z2jh-values.yaml). Environment variables move its state and ports:
``VT_HUB_STATE`` (a folder for the database, secrets and home folders; default ``hub-state``),
``VT_HUB_PORT`` (8000), ``VT_HUB_API_PORT`` (8081), ``VT_PROXY_API_PORT`` (8001).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

REPO = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("VT_HUB_STATE", "hub-state")).resolve()
STATE.mkdir(parents=True, exist_ok=True)
TEMPLATES = REPO / "viz_transformer" / "share"  # holds voila/templates/offline-lab

# on this computer only: students in the room reach it through a reverse proxy with TLS
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("VT_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("VT_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('VT_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

c.JupyterHub.authenticator_class = "dummy"  # a test: any name, no password
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: a test on one computer
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]  # the hub's own environment
c.Spawner.notebook_dir = str(REPO)
c.Spawner.default_url = "/lab/tree/notebooks/en/00_tour.ipynb"
c.Spawner.args = [
    "--VoilaConfiguration.template=offline-lab",  # no Font Awesome from a CDN
    *(["--allow-root"] if os.geteuid() == 0 else []),
]
c.Spawner.environment = {
    "JUPYTER_PATH": str(TEMPLATES),  # where Voila finds the offline template
    "OMP_NUM_THREADS": "1",  # torch's threads: one per kernel, not one per core per kernel
    "MKL_NUM_THREADS": "1",
}
# JupyterHub's default list, and a test's own Jupyter settings (no news pop-up, no autosave)
c.Spawner.env_keep = [
    "PATH", "PYTHONPATH", "VIRTUAL_ENV", "LANG", "LC_ALL", "JUPYTERHUB_SINGLEUSER_APP",
    "JUPYTER_CONFIG_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR",
]  # fmt: skip
c.Spawner.start_timeout = 120  # a class logging in at once starts many servers together
c.Spawner.http_timeout = 120
