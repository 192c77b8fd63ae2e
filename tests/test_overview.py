"""Law: the overview of a long attention matrix hides no strong weight and its windows are exact.

Every pooled cell is the maximum of its block (so the global maximum and each block's maximum
survive), blocks tile the matrix with sizes differing by at most one, and a window, by
positions or by blocks of the overview, is exactly the slice of the original.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from viz_transformer.errors import VizTransformerError
from viz_transformer.pictures.long.overview import block_edges, overview

finite = st.floats(-1e6, 1e6, width=32)
matrices = st.tuples(st.integers(1, 70), st.integers(1, 70)).flatmap(
    lambda shape: arrays(np.float32, shape, elements=finite)
)


@settings(max_examples=60, deadline=None)
@given(matrix=matrices, max_blocks=st.integers(1, 20))
def test_every_pooled_cell_is_its_blocks_maximum(matrix, max_blocks):
    view = overview(matrix, max_blocks)
    rows, cols = view.row_edges, view.col_edges
    assert view.pooled.shape == (len(rows) - 1, len(cols) - 1)
    assert max(view.pooled.shape) <= max_blocks
    assert view.pooled.dtype == matrix.dtype
    for i in range(len(rows) - 1):
        for j in range(len(cols) - 1):
            block = matrix[rows[i] : rows[i + 1], cols[j] : cols[j + 1]]
            assert view.pooled[i, j] == block.max()
    assert view.pooled.max() == matrix.max()


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 5000), max_blocks=st.integers(1, 300))
def test_blocks_tile_the_axis_evenly(n, max_blocks):
    edges = block_edges(n, max_blocks)
    sizes = np.diff(edges)
    assert edges[0] == 0 and edges[-1] == n
    assert len(sizes) == min(n, max_blocks)
    assert sizes.min() >= 1 and sizes.max() - sizes.min() <= 1


@settings(max_examples=60, deadline=None)
@given(matrix=matrices, data=st.data())
def test_windows_are_exact_slices(matrix, data):
    view = overview(matrix, max_blocks=7)
    n_q, n_k = matrix.shape
    q0 = data.draw(st.integers(0, n_q - 1))
    q1 = data.draw(st.integers(q0 + 1, n_q))
    k0 = data.draw(st.integers(0, n_k - 1))
    k1 = data.draw(st.integers(k0 + 1, n_k))
    np.testing.assert_array_equal(view.window(q0, q1, k0, k1), matrix[q0:q1, k0:k1])
    i0 = data.draw(st.integers(0, len(view.row_edges) - 2))
    j0 = data.draw(st.integers(0, len(view.col_edges) - 2))
    rows, cols = view.row_edges, view.col_edges
    np.testing.assert_array_equal(
        view.block_window(i0, i0 + 1, j0, j0 + 1),
        matrix[rows[i0] : rows[i0 + 1], cols[j0] : cols[j0 + 1]],
    )


def test_a_single_strong_weight_survives_pooling_of_2048_tokens():
    weights = np.full((2048, 2048), 1e-4, dtype=np.float32)
    weights[1500, 3] = 0.9
    view = overview(weights)
    assert view.pooled.shape == (256, 256)
    assert view.pooled[1500 // 8, 0] == np.float32(0.9)
    assert np.count_nonzero(view.pooled == np.float32(0.9)) == 1


def test_masked_blocks_stay_minus_infinity_and_nan_is_ignored():
    scores = np.triu(np.full((8, 8), -np.inf), k=1) + np.tril(np.ones((8, 8)))
    scores[5, 0] = np.nan
    view = overview(scores, max_blocks=4)
    assert view.pooled[0, 3] == -np.inf  # every key of the block is in the future
    assert view.pooled[0, 0] == 1.0  # the diagonal block holds allowed keys
    assert view.pooled[2, 0] == 1.0  # the NaN cell is ignored


def test_a_small_matrix_is_kept_whole():
    matrix = np.arange(12, dtype=np.float32).reshape(3, 4)
    view = overview(matrix, max_blocks=8)
    np.testing.assert_array_equal(view.pooled, matrix)
    np.testing.assert_array_equal(view.row_edges, [0, 1, 2, 3])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: overview(np.zeros(5)), "non-empty \\[query, key\\] matrix"),
        (lambda: overview(np.zeros((0, 3))), "non-empty"),
        (lambda: overview(np.zeros((4, 4)), max_blocks=0), "max_blocks"),
        (lambda: overview(np.zeros((4, 4))).window(2, 2, 0, 1), "query range 2:2"),
        (lambda: overview(np.zeros((4, 4))).window(0, 1, 0, 5), "key range 0:5"),
        (lambda: overview(np.zeros((9, 9)), 3).block_window(0, 4, 0, 1), "row block range"),
    ],
)
def test_bad_requests_say_what_is_allowed(call, message):
    with pytest.raises(VizTransformerError, match=message):
        call()
