"""What a FigureWidget sends the browser: matrices as plotly.js typed arrays (base64 bytes),
never nested lists, holding exactly the numbers Python keeps as numpy."""

from __future__ import annotations

import base64
import json

import hypothesis.extra.numpy as hnp
import numpy as np
from helpers import tiny_char_model
from hypothesis import given
from hypothesis import strategies as st

from viz_transformer.widgets.attention_explorer import AttentionExplorer
from viz_transformer.widgets.wire_arrays import TypedFigureWidget, typed_matrices


class RecordingComm:
    """Stands in for the kernel comm: keeps each message instead of sending it."""

    kernel = True
    comm_id = "recording"

    def __init__(self) -> None:
        self.messages: list[tuple[dict, list]] = []

    def send(self, data=None, buffers=None, **_) -> None:
        self.messages.append((data, list(buffers or ())))

    def close(self, *_, **__) -> None: ...

    def on_msg(self, *_) -> None: ...


def decoded(spec: dict) -> np.ndarray:
    """An independent decoder of plotly.js's typed-array form."""
    flat = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    return flat.reshape([int(n) for n in spec["shape"].split(",")])


@given(
    hnp.arrays(
        dtype=st.sampled_from([np.float32, np.float64, np.int32, np.uint8]),
        shape=hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=6),
    )
)
def test_a_matrix_becomes_a_typed_array_holding_the_same_numbers(matrix: np.ndarray) -> None:
    spec = typed_matrices({"style_data": {"z": [matrix]}})["style_data"]["z"][0]
    assert set(spec) == {"dtype", "bdata", "shape"}
    np.testing.assert_array_equal(decoded(spec), matrix)


def test_vectors_strings_and_numbers_are_left_to_plotly() -> None:
    vector, labels = np.arange(4, dtype=np.float32), ["0 a", "1 b"]
    message = typed_matrices({"x": labels, "y": vector, "zmin": 0.0, "name": "weight"})
    assert message["x"] == labels and message["y"] is vector
    assert message["zmin"] == 0.0 and message["name"] == "weight"


def test_the_widget_keeps_numpy_in_python() -> None:
    matrix = np.arange(6, dtype=np.float32).reshape(2, 3)
    widget = TypedFigureWidget({"data": [{"type": "heatmap", "z": matrix}]})
    assert isinstance(widget.data[0].z, np.ndarray)
    np.testing.assert_array_equal(widget.data[0].z, matrix)


def test_a_head_change_sends_the_new_head_as_bytes_not_lists() -> None:
    explorer = AttentionExplorer(tiny_char_model(max_len=40), text="abcdefg" * 5)
    explorer.part.value = "encoder"
    comm = RecordingComm()
    explorer.figure.comm = comm
    explorer.head.value = 1
    updates = [data["state"]["_py2js_update"] for data, _ in comm.messages
               if (data.get("state") or {}).get("_py2js_update")]  # fmt: skip
    assert len(updates) == 1
    (z_spec,) = updates[0]["style_data"]["z"]
    assert isinstance(z_spec, dict), "z travelled as nested lists"
    expected = explorer.run.cache.attention("encoder", explorer.layer.value, head=1).numpy()
    np.testing.assert_array_equal(decoded(z_spec), expected.astype(np.float32))
    json.dumps([data for data, _ in comm.messages], allow_nan=False)  # valid JSON: no NaN
