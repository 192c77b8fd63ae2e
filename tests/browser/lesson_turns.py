"""Which edition of each lesson runs in the browser, and so which runs under nbval.

Every lesson runs once in a real JupyterLab, the editions taking turns (the front end is the
same for both; the turns put each edition's labels and fonts on screen). The browser test
checks all that nbval checks (every cell runs, no error output) and more, so the root
conftest leaves these notebooks out of the nbval run: each notebook of each edition runs
exactly once per test run.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EDITIONS = ("en", "zh")
LESSONS = sorted(path.name for path in (REPO / "lessons").glob("*.ipynb"))
IN_BROWSER = [REPO / "notebooks" / EDITIONS[i % 2] / name for i, name in enumerate(LESSONS)]
BROWSER_TESTS = [Path(__file__).with_name(f"test_jupyterlab_lessons_{e}.py") for e in EDITIONS]


def turns(edition: str) -> list[Path]:
    """The notebooks of ``edition`` that run in the browser."""
    return [path for path in IN_BROWSER if path.parent.name == edition]
