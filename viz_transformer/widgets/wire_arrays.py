"""A FigureWidget that sends matrices as bytes, not as nested lists of numbers.

plotly's widget sends a 1-D numeric numpy array as a binary buffer but turns a 2-D one (every
heatmap's z) into Python lists: 5 MB of JSON and ~150 ms of encoding for one 512 × 512 head.
plotly.js also reads its typed-array form ``{"dtype", "bdata" (base64), "shape"}``, the form
plotly itself writes into saved figures, which travels as one string (4/3 of the raw bytes).
``TypedFigureWidget`` encodes matrices that way on the wire only: in Python its traces still
hold numpy arrays (``explorer.figure.data[0].z``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.utils import to_typed_array_spec  # plotly's own encoder, used by to_json
from plotly.serializers import custom_serializers
from traitlets import Dict, List


def typed_matrices(value: Any) -> Any:
    """``value`` (a message: dicts and lists) with every numeric numpy array of 2 or more
    dimensions replaced by its plotly.js typed-array spec; 1-D arrays already go as buffers."""
    if isinstance(value, dict):
        return {key: typed_matrices(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [typed_matrices(item) for item in value]
    if isinstance(value, np.ndarray) and value.ndim >= 2 and value.dtype.kind in "fiu":
        return to_typed_array_spec(value)
    return value


def _to_wire(value: Any, widget_manager: Any) -> Any:
    return custom_serializers["to_json"](typed_matrices(value), widget_manager)


_wire = {**custom_serializers, "to_json": _to_wire}


class TypedFigureWidget(go.FigureWidget):
    """plotly's FigureWidget, its Python → browser traits serialised with typed matrices."""

    _widget_data = List().tag(sync=True, **_wire)
    _widget_layout = Dict().tag(sync=True, **_wire)
    _py2js_addTraces = Dict(allow_none=True).tag(sync=True, **_wire)
    _py2js_restyle = Dict(allow_none=True).tag(sync=True, **_wire)
    _py2js_update = Dict(allow_none=True).tag(sync=True, **_wire)
    _py2js_animate = Dict(allow_none=True).tag(sync=True, **_wire)
