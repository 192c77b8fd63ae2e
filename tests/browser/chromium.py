"""Find a Chromium to drive, and the flags that keep it headless, quiet and off the network.

Playwright's own browser download (``playwright install``) is not used: it needs the internet.
Playwright drives the system's Chromium (Debian's ``chromium``) through ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
DEBIAN_PATH = Path("/usr/bin/chromium")

LAUNCH_ARGS = [
    "--no-sandbox",  # root in a container has no user namespaces for the sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no calls home: the offline check sees page traffic only
    "--disable-component-update",
    "--disable-sync",
    # no host but this machine resolves: a request that would leave it fails at once, online
    # or not, and is still recorded (network.py)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def find_chromium() -> str | None:
    """The path of a Chromium-family browser: Debian's, else the first one on PATH."""
    if DEBIAN_PATH.exists():
        return str(DEBIAN_PATH)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def in_ci() -> bool:
    """CI sets ``CI=true``: there a missing browser is a failure, not a reason to skip."""
    return os.environ.get("CI", "").lower() == "true"


MISSING = "no Chromium found (/usr/bin/chromium, chromium, chromium-browser, google-chrome)"


def require_chromium() -> str:
    """The Chromium to drive; without one, skip the test with one line, or fail it in CI."""
    path = find_chromium()
    if path is None:
        if in_ci():
            pytest.fail(f"{MISSING}; CI must run the browser tests (apt-get install chromium)")
        pytest.skip(MISSING)
    return path
