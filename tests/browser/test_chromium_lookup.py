"""Where no Chromium can be found the browser tests skip with one line, except in CI
(``CI=true``), where they must run and so fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import chromium
from .chromium import MISSING, require_chromium


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without Debian's chromium and with nothing Chromium-like on PATH."""
    monkeypatch.setattr(chromium, "DEBIAN_PATH", tmp_path / "chromium")
    monkeypatch.setenv("PATH", str(tmp_path))


@pytest.mark.usefixtures("no_chromium")
def test_without_chromium_a_developer_skips_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium found") as skipped:
        require_chromium()
    assert str(skipped.value) == MISSING


@pytest.mark.usefixtures("no_chromium")
def test_without_chromium_ci_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_chromium()


def test_a_chromium_on_path_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    browser = tmp_path / "chromium-browser"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setattr(chromium, "DEBIAN_PATH", tmp_path / "absent")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert require_chromium() == str(browser)
