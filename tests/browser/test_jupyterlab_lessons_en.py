"""The lessons whose turn in the browser is the English edition's (lesson_turns.py), each run
in a real JupyterLab (lesson_in_lab.py); the other edition's run under nbval."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .lesson_in_lab import check_lesson_in_lab, lesson_id
from .lesson_turns import turns
from .network import NetworkLog
from .servers import Server


@pytest.mark.parametrize("notebook", turns("en"), ids=lesson_id)
def test_lesson_runs_and_renders_offline(
    notebook: Path, lab: Server, lab_tab: tuple[Page, NetworkLog]
) -> None:
    check_lesson_in_lab(notebook, lab_tab)
