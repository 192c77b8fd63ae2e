"""What a FigureWidget sends the browser: matrices as rows of binary buffers, never nested
lists of numbers, holding exactly the numbers Python keeps as numpy."""

from __future__ import annotations

import json

import hypothesis.extra.numpy as hnp
import numpy as np
from helpers import tiny_char_model
from hypothesis import given
from hypothesis import strategies as st
from ipywidgets.widgets.widget import _put_buffers

from viz_transformer.pictures.attention.explorer import AttentionExplorer
from viz_transformer.pictures.common.wire_arrays import TypedFigureWidget, typed_matrices


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


def rows_received(rows: list[dict]) -> np.ndarray:
    """The matrix the browser reads: each row's buffer with its dtype (plotly's
    ``{"buffer", "dtype", "shape"}`` form of a 1-D array)."""
    return np.stack([np.frombuffer(row["buffer"], dtype=row["dtype"]) for row in rows])


@given(
    hnp.arrays(
        dtype=st.sampled_from([np.float32, np.float64, np.int32, np.int64, np.uint8]),
        shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
    )
)
def test_a_matrix_travels_as_binary_rows_holding_the_same_numbers(matrix: np.ndarray) -> None:
    rows = typed_matrices({"style_data": {"z": [matrix]}})["style_data"]["z"][0]
    assert [row.ndim for row in rows] == [1] * len(matrix)
    np.testing.assert_array_equal(np.stack(rows), matrix)


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
    updates = [(data, buffers) for data, buffers in comm.messages
               if (data.get("state") or {}).get("_py2js_update")]  # fmt: skip
    assert len(updates) == 1
    data, buffers = updates[0]
    json.dumps(data, allow_nan=False)  # valid JSON: no NaN, and the numbers are not in it
    _put_buffers(data["state"], data["buffer_paths"], buffers)  # as the browser does
    (rows,) = data["state"]["_py2js_update"]["style_data"]["z"]
    assert all(isinstance(row, dict) for row in rows), "z travelled as nested lists"
    expected = explorer.run.cache.attention("encoder", explorer.layer.value, head=1).numpy()
    np.testing.assert_array_equal(rows_received(rows), expected)
