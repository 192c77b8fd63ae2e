"""Suite-wide pytest set-up: a full run must collect both the unit tests and the notebooks."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")  # plotly's output in tests/nbval
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a full run that silently lost a part (no notebooks, or no unit tests)."""
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return  # a user picked paths by hand
    parts = {item.nodeid.split("/", 1)[0] for item in items}
    missing = {"tests", "notebooks"} - parts
    if missing:
        raise pytest.UsageError(f"the full test run collected nothing from {sorted(missing)}.")
