"""Long texts in AttentionExplorer: past 512 tokens it shows the max-pooled overview of the
head and an exact window, which the window controls and a zoom on the overview move."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from helpers import tiny_char_model
from hypothesis import given
from hypothesis import strategies as st

from viz_transformer.pictures.attention.explorer import AttentionExplorer
from viz_transformer.pictures.long.overview import overview
from viz_transformer.pictures.long.view import EXACT_LIMIT, WINDOW, long_attention

LONG = EXACT_LIMIT + 88  # tokens, <bos> included


@pytest.fixture(scope="module")
def explorer() -> AttentionExplorer:
    text = "abcdefg" * (LONG // 7) + "abcdefg"[: LONG % 7 - 1]
    explorer = AttentionExplorer(tiny_char_model(max_len=LONG), text=text)
    explorer.part.value = "encoder"
    return explorer


def head_weights(explorer: AttentionExplorer) -> np.ndarray:
    cache = explorer.run.cache
    return cache.attention("encoder", explorer.layer.value, head=explorer.head.value).numpy()


def shown(explorer: AttentionExplorer) -> tuple[np.ndarray, np.ndarray]:
    """The overview's z and the window's z, as the figure holds them."""
    overview_trace, window_trace = explorer.figure.data
    return np.asarray(overview_trace.z), np.asarray(window_trace.z)


def expected_pooled(weights: np.ndarray, blocks: int = 256) -> np.ndarray:
    """An independent max-pool: the maximum over each block of ⌊i·n/b⌋ … ⌊(i+1)·n/b⌋."""
    edges = [i * len(weights) // blocks for i in range(blocks + 1)]
    return np.array([[weights[a:b, c:d].max() for c, d in pairwise(edges)]
                     for a, b in pairwise(edges)])  # fmt: skip


def test_a_long_text_shows_the_pooled_overview_and_an_exact_window(explorer) -> None:
    weights = head_weights(explorer)
    assert weights.shape == (LONG, LONG)
    pooled, window = shown(explorer)
    np.testing.assert_array_equal(pooled, expected_pooled(weights).astype(np.float32))
    q0, k0 = explorer.window_query.value, explorer.window_key.value
    np.testing.assert_array_equal(window, weights[q0 : q0 + WINDOW, k0 : k0 + WINDOW])
    assert explorer.window_query.layout.display is None  # the window controls are shown


def test_moving_the_window_shows_those_cells_and_keeps_the_overview(explorer) -> None:
    pooled_before, _ = shown(explorer)
    explorer.window_query.value, explorer.window_key.value = 300, 17
    pooled, window = shown(explorer)
    np.testing.assert_array_equal(pooled, pooled_before)
    np.testing.assert_array_equal(
        window, head_weights(explorer)[300 : 300 + WINDOW, 17 : 17 + WINDOW]
    )
    assert explorer.figure.layout.shapes[0].x0 == 17 - 0.5  # the outline follows


def test_zooming_on_the_overview_centres_the_window_there(explorer) -> None:
    explorer.figure.plotly_relayout({"xaxis.range": [100, 200], "yaxis.range": [500, 400]})
    assert (explorer.window_key.value, explorer.window_query.value) == (
        150 - WINDOW // 2,
        450 - WINDOW // 2,
    )
    q0, k0 = explorer.window_query.value, explorer.window_key.value
    np.testing.assert_array_equal(
        shown(explorer)[1], head_weights(explorer)[q0 : q0 + WINDOW, k0 : k0 + WINDOW]
    )
    explorer.head.value = 1  # another head keeps the zoom and the window
    assert tuple(explorer.figure.layout.xaxis.range) == (100, 200)
    np.testing.assert_array_equal(
        shown(explorer)[1], head_weights(explorer)[q0 : q0 + WINDOW, k0 : k0 + WINDOW]
    )


def test_a_short_text_is_drawn_cell_by_cell_without_window_controls() -> None:
    explorer = AttentionExplorer(tiny_char_model(max_len=LONG), text="abcabc")
    explorer.part.value = "encoder"  # (its untrained decoder writes 599 tokens: long)
    assert len(explorer.figure.data) == 1
    assert explorer.window_query.layout.display == "none"


@given(n=st.integers(1, 3000), start=st.integers(-50, 3100))
def test_the_window_always_lies_inside_the_matrix(n: int, start: int) -> None:
    long = long_attention(overview(np.zeros((n, 5), np.float32)), start, 0)
    assert 0 <= long.query_start < long.query_stop <= n
    assert long.query_stop - long.query_start == min(WINDOW, n)
