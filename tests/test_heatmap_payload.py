"""Law: a plotly heatmap reaches the browser as one binary array, never as lists of numbers.

plotly encodes float32 numpy arrays as base64 ``bdata`` (4 bytes a cell, ~5.3 in base64 text)
where lists cost ~10-20 characters a cell and ~30× the time: at 2048 tokens that is 22 MB
against 80 MB. The shared heatmap hands plotly float32 whatever it is given, also the pooled
overview of a long sequence.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import plotly.io as pio
import pytest

from viz_transformer.pictures.common.style import heatmap_figure
from viz_transformer.pictures.long.overview import overview


def _z_payloads(figure_json: str) -> list[dict]:
    return [trace["z"] for trace in json.loads(figure_json)["data"]]


def _decoded(payload: dict) -> np.ndarray:
    assert payload["dtype"] == "f4"
    shape = tuple(int(n) for n in payload["shape"].split(","))
    return np.frombuffer(base64.b64decode(payload["bdata"]), dtype=np.float32).reshape(shape)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_heatmap_z_is_sent_as_float32_bdata(dtype):
    weights = np.random.default_rng(0).random((300, 200)).astype(dtype)
    (payload,) = _z_payloads(pio.to_json(heatmap_figure(weights)))
    assert isinstance(payload, dict), "z must not be a list"
    np.testing.assert_array_equal(_decoded(payload), weights.astype(np.float32))


def test_masked_scores_send_both_traces_binary():
    scores = np.triu(np.full((64, 64), -np.inf), k=1) + np.tril(np.ones((64, 64)))
    payloads = _z_payloads(pio.to_json(heatmap_figure(scores, kind="scores")))
    assert len(payloads) == 2  # the values and the −∞ cells
    assert all(isinstance(p, dict) and p["dtype"] == "f4" for p in payloads)


def test_overview_of_2048_tokens_is_a_small_binary_payload():
    weights = np.random.default_rng(1).random((2048, 2048), dtype=np.float32)
    text = pio.to_json(heatmap_figure(overview(weights).pooled))
    (payload,) = _z_payloads(text)
    assert _decoded(payload).shape == (256, 256)
    assert len(text) < 1_000_000  # the full matrix would be ~22 MB
