"""An isolated, quiet Jupyter environment for a test server: its own config, runtime, settings
and workspace folders, so neither the user's Jupyter set-up nor a previous run changes what the
browser sees, and settings that keep pages stable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

# JupyterLab settings (also read by Notebook 7, which is built from JupyterLab's parts)
SETTINGS: dict[str, dict[str, object]] = {
    # no news pop-up, no update check: both would fetch from the internet and cover the page
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # JupyterLab 4.6 skips rendering cells off screen; the tests look at every output. No blank
    # space after the last cell, so a screenshot of the whole notebook ends with it.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    # running the notebooks must never write their outputs back into the repository
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    # the widgets' state written into the notebook's metadata when its saving starts, which
    # the lesson tests set off without saving (lab_copy.py) to keep the book's copy
    "@jupyter-widgets/jupyterlab-manager/plugin": {"saveState": True},
}

# set by the suite's conftest for the tests in its process; a user's browser session has neither
TEST_PROCESS_VARIABLES = ("PLOTLY_RENDERER", "MPLBACKEND")


def write_settings(settings_dir: Path) -> None:
    """Write :data:`SETTINGS` as ``<plugin>.jupyterlab-settings`` files under ``settings_dir``."""
    for plugin, values in SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def isolated_env(tmp: Path) -> dict[str, str]:
    """The process environment for a test server whose Jupyter folders live under ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_PROCESS_VARIABLES}
    folders = {
        "JUPYTER_CONFIG_DIR": tmp / "config",
        "JUPYTER_RUNTIME_DIR": tmp / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": tmp / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": tmp / "workspaces",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    write_settings(folders["JUPYTERLAB_SETTINGS_DIR"])
    env["JUPYTER_PLATFORM_DIRS"] = "1"  # silences jupyter_core's migration warning
    return env
