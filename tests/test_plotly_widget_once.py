"""The figures' widget sends a small loader as its module and plotly's module as data, so the
page evaluates plotly's module once (the browser side: test_explorer_controls.py)."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import plotly

from viz_transformer.pictures.common.wire_arrays import TypedFigureWidget

PLOTLY_MODULE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"


def test_a_figure_sends_the_loader_as_its_module_and_plotly_s_module_as_data() -> None:
    state = TypedFigureWidget().get_state()
    plotly_module = PLOTLY_MODULE.read_text(encoding="utf-8")
    assert len(state["_esm"]) < 5_000 and "plotly_widget_modules" in state["_esm"]
    assert state["_plotly_widget_source"] == plotly_module
    digest = hashlib.sha256(plotly_module.encode()).hexdigest()
    assert digest.startswith(state["_plotly_widget_version"])


def anywidget_model_timeout_ms() -> int:
    """How long anywidget's front end (the installed one) lets a model initialize."""
    front_end = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "anywidget" / "static"
    for script in front_end.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        if "Failed to initialize model" in text:
            (timeout,) = re.findall(r"AbortSignal\.timeout\((\d+)\)\.addEventListener", text)
            return int(timeout)
    raise AssertionError(f"no anywidget front end in {front_end}")


def test_the_loader_lengthens_anywidget_s_wait_for_a_model() -> None:
    """Past its timeout anywidget drops every message to the model (a blank figure); the
    loader stretches exactly the timeout the installed anywidget uses."""
    loader = TypedFigureWidget().get_state()["_esm"]
    (stretched,) = re.findall(r"const ANYWIDGET_MODEL_WAIT_MS = (\d+);", loader)
    (patient,) = re.findall(r"const PATIENT_MODEL_WAIT_MS = (\d+);", loader)
    assert int(stretched) == anywidget_model_timeout_ms() < int(patient)
