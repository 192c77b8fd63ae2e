"""A FigureWidget that sends matrices as bytes, not as nested lists of numbers.

plotly's widget sends a 1-D numeric numpy array as a binary buffer but turns a 2-D one (every
heatmap's z) into Python lists: 5 MB of JSON and ~150 ms of encoding for one 512 × 512 head.
``TypedFigureWidget`` sends a matrix as its rows instead, each a 1-D array and so a binary
buffer of its own; plotly.js draws a heatmap from an array of typed-array rows. In Python its
traces still hold numpy arrays (``explorer.figure.data[0].z``).

Not plotly's base64 form ``{"dtype", "bdata", "shape"}``: plotly.js decodes it into rows that
share one buffer, and the widget then reports each row back with the whole buffer (256 rows of
a 256 × 256 overview: a 67 MB message), which closes the kernel's websocket.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from plotly.serializers import custom_serializers
from traitlets import Dict, List

from .plotly_widget_once import OnceLoadedFigureWidget


def typed_matrices(value: Any) -> Any:
    """``value`` (a message: dicts and lists) with every numeric numpy matrix replaced by the
    list of its rows, which plotly's serialiser sends as binary buffers (1-D arrays already go
    that way; 64-bit integers, which it cannot buffer, become float64 first)."""
    if isinstance(value, dict):
        return {key: typed_matrices(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [typed_matrices(item) for item in value]
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.dtype.kind in "fiu":
        if value.dtype.itemsize == 8 and value.dtype.kind in "iu":
            value = value.astype(np.float64)
        return list(np.ascontiguousarray(value))
    return value


def _to_wire(value: Any, widget_manager: Any) -> Any:
    return custom_serializers["to_json"](typed_matrices(value), widget_manager)


_wire = {**custom_serializers, "to_json": _to_wire}


class TypedFigureWidget(OnceLoadedFigureWidget):
    """plotly's FigureWidget, its Python → browser traits serialised with typed matrices."""

    _widget_data = List().tag(sync=True, **_wire)
    _widget_layout = Dict().tag(sync=True, **_wire)
    _py2js_addTraces = Dict(allow_none=True).tag(sync=True, **_wire)
    _py2js_restyle = Dict(allow_none=True).tag(sync=True, **_wire)
    _py2js_update = Dict(allow_none=True).tag(sync=True, **_wire)
    _py2js_animate = Dict(allow_none=True).tag(sync=True, **_wire)
