"""The plotly heatmap primitive: float32 binary z, hover with both tokens, −∞ as its own trace."""

from __future__ import annotations

import json

import numpy as np

from viz_transformer.pictures.common.style import MASKED_LABEL, heatmap_figure


def test_z_is_float32_numpy_sent_as_binary():
    figure = heatmap_figure(np.random.default_rng(0).random((3, 3)))
    assert figure.data[0].z.dtype == np.float32
    payload = json.loads(figure.to_json())
    assert "bdata" in payload["data"][0]["z"]


def test_hover_names_query_token_key_token_and_value_and_repeated_tokens_stay_apart():
    tokens = ["a", "b", "a"]
    figure = heatmap_figure(np.eye(3), x_labels=tokens, y_labels=tokens)
    trace = figure.data[0]
    assert len(set(trace.x)) == 3  # the two "a" are two columns
    assert "query %{y}" in trace.hovertemplate and "key %{x}" in trace.hovertemplate
    assert "%{z" in trace.hovertemplate
    assert list(figure.layout.xaxis.ticktext) == tokens


def test_minus_infinity_is_a_gap_in_the_values_and_a_labelled_trace_of_its_own():
    data = np.array([[1.0, -np.inf], [0.5, 2.0]])
    figure = heatmap_figure(data, kind="scores")
    values, masked = figure.data
    assert np.isnan(values.z[0, 1]) and values.z[1, 1] == np.float32(2.0)
    assert masked.name == MASKED_LABEL and masked.showlegend
    assert np.isfinite(masked.z).tolist() == [[False, True], [False, False]]
    assert values.zmin == -2.0 and values.zmax == 2.0
