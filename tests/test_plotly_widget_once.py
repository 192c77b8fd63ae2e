"""The figures' widget sends a small loader as its module and plotly's module as data, once per
kernel, so the page evaluates plotly's module once and the server carries it once (the browser
side: test_explorer_controls.py, and every page with several figures)."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import plotly
import pytest

from viz_transformer.pictures.common.plotly_widget_once import OnceLoadedFigureWidget
from viz_transformer.pictures.common.wire_arrays import TypedFigureWidget

PLOTLY_MODULE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"


@pytest.fixture
def new_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a kernel that has shown no figure yet."""
    monkeypatch.setattr(OnceLoadedFigureWidget, "_source_sent", False)


def test_a_kernel_s_first_figure_alone_carries_plotly_s_module(new_kernel: None) -> None:
    first, second = TypedFigureWidget().get_state(), TypedFigureWidget().get_state()
    plotly_module = PLOTLY_MODULE.read_text(encoding="utf-8")
    assert len(first["_esm"]) < 10_000 and "plotly_widget_modules" in first["_esm"]
    assert first["_plotly_widget_source"] == plotly_module
    assert second["_plotly_widget_source"] == "" and second["_esm"] == first["_esm"]
    digest = hashlib.sha256(plotly_module.encode()).hexdigest()
    assert digest.startswith(first["_plotly_widget_version"])
    assert second["_plotly_widget_version"] == first["_plotly_widget_version"]


def test_a_figure_asked_for_the_module_sends_it(
    new_kernel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose figure with the source was never drawn asks another figure for it."""
    TypedFigureWidget()
    later = TypedFigureWidget()
    sent: list[dict] = []
    monkeypatch.setattr(later, "send", lambda content, buffers=None: sent.append(content))
    later._handle_custom_msg({"send_plotly_module": True}, [])
    assert sent == [{"plotly_module_source": PLOTLY_MODULE.read_text(encoding="utf-8")}]


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


def points_event(event_type: str, trace: int, point: int) -> dict:
    """A hover or click as the loader sends it: plotly's own points message, as a message."""
    points = {"trace_indexes": [trace], "point_indexes": [point], "xs": [0.0], "ys": [0.0]}
    return {"points_event": {"event_type": event_type, "points": points, "device_state": None}}


def test_every_hover_and_click_sent_as_a_message_reaches_the_trace_callbacks() -> None:
    """Sent as changes of one attribute, a click followed by an unhover reached the kernel as
    the unhover alone while the kernel was busy; as messages, each arrives, in order."""
    figure = TypedFigureWidget(data=[{"type": "scatter", "x": [0, 1], "y": [0, 1]}] * 2)
    heard = []
    for name in ("click", "hover", "unhover"):
        listen = getattr(figure.data[1], f"on_{name}")
        listen(lambda trace, points, state, name=name: heard.append((name, points.point_inds)))
    for event in ("plotly_hover", "plotly_click", "plotly_unhover"):
        figure._handle_custom_msg(points_event(event, trace=1, point=1), [])
    assert heard == [("hover", [1]), ("click", [1]), ("unhover", [1])]
