"""A long attention matrix as a small overview plus exact windows, so the browser stays fast.

A [query, key] matrix of 2048 tokens has 4 M cells, more than a screen has pixels and more
than a browser redraws quickly. The overview splits it into at most ``max_blocks`` × ``max_blocks``
rectangular blocks and keeps each block's maximum: a strong weight never vanishes into an
average, so every link some query makes stays visible. The values themselves, unpooled, come
from ``window`` for the region a user zooms into.

    pooled[i, j] = max over row_edges[i] ≤ q < row_edges[i + 1], col_edges[j] ≤ k < col_edges[j + 1]

Block edges are as even as the sizes allow (sizes differ by at most one), NaN cells are
ignored, and −∞ (a masked score) stays −∞ only where a whole block is masked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import VizTransformerError

MAX_BLOCKS = 256  # 256 × 256 cells: about 0.3 MB as float32, redrawn at once


@dataclass(frozen=True)
class Overview:
    """The max-pooled matrix, where its blocks start and end, and the full matrix for windows."""

    pooled: np.ndarray  # [row blocks, column blocks]
    row_edges: np.ndarray  # [row blocks + 1] query positions, from 0 to n_queries
    col_edges: np.ndarray  # [column blocks + 1] key positions, from 0 to n_keys
    matrix: np.ndarray  # the full [query, key] matrix the overview was made from

    def window(self, q0: int, q1: int, k0: int, k1: int) -> np.ndarray:
        """The exact values of queries q0..q1−1 and keys k0..k1−1 (a view, not a copy)."""
        n_queries, n_keys = self.matrix.shape
        _check_range("query", q0, q1, n_queries)
        _check_range("key", k0, k1, n_keys)
        return self.matrix[q0:q1, k0:k1]

    def block_window(self, i0: int, i1: int, j0: int, j1: int) -> np.ndarray:
        """The exact values under row blocks i0..i1−1 and column blocks j0..j1−1 of the overview
        (what a user selected on the pooled picture)."""
        rows, cols = self.row_edges, self.col_edges
        _check_range("row block", i0, i1, len(rows) - 1)
        _check_range("column block", j0, j1, len(cols) - 1)
        return self.window(int(rows[i0]), int(rows[i1]), int(cols[j0]), int(cols[j1]))


def overview(matrix: np.ndarray, max_blocks: int = MAX_BLOCKS) -> Overview:
    """Max-pool a [query, key] matrix to at most ``max_blocks`` blocks per axis."""
    values = np.asarray(matrix)
    if values.ndim != 2 or 0 in values.shape:
        raise VizTransformerError(
            f"an overview needs a non-empty [query, key] matrix, got shape {values.shape}."
        )
    if max_blocks < 1:
        raise VizTransformerError(f"max_blocks must be at least 1, got {max_blocks}.")
    row_edges = block_edges(values.shape[0], max_blocks)
    col_edges = block_edges(values.shape[1], max_blocks)
    return Overview(max_pool(values, row_edges, col_edges), row_edges, col_edges, values)


def block_edges(n: int, max_blocks: int) -> np.ndarray:
    """``min(n, max_blocks) + 1`` increasing positions from 0 to n; block sizes differ by ≤ 1."""
    blocks = min(n, max_blocks)
    return np.arange(blocks + 1) * n // blocks


def max_pool(values: np.ndarray, row_edges: np.ndarray, col_edges: np.ndarray) -> np.ndarray:
    """The maximum of every block (NaN ignored unless a block is all NaN), in ``values``' dtype."""
    if len(row_edges) - 1 == values.shape[0] and len(col_edges) - 1 == values.shape[1]:
        return values  # one cell per block: nothing to pool
    # along each row first: contiguous in memory, about twice as fast as columns first
    columns = np.fmax.reduceat(values, col_edges[:-1], axis=1)
    return np.fmax.reduceat(columns, row_edges[:-1], axis=0)


def _check_range(what: str, start: int, stop: int, size: int) -> None:
    if not 0 <= start < stop <= size:
        raise VizTransformerError(
            f"{what} range {start}:{stop} is empty or outside 0:{size}; give 0 ≤ start < stop ≤ {size}."
        )
