"""A long attention matrix as two panels: the max-pooled overview and an exact window.

Past ``EXACT_LIMIT`` tokens a heatmap of every cell is more than a browser redraws quickly
(2048 tokens: 4 M cells, 93 MB as plotly lists). The overview keeps each block's maximum,
so no strong weight vanishes; the window shows ``WINDOW`` × ``WINDOW`` cells exactly, with
their tokens, starting at the query and key a user chose (or zoomed to on the overview).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..attention.view import HeadAttention
from .overview import Overview

EXACT_LIMIT = 512  # up to this many queries and keys every cell is drawn
WINDOW = 32  # the exact window's side: every token keeps a readable label


def is_long(view: HeadAttention) -> bool:
    """Whether ``view`` is drawn as overview and window rather than cell by cell."""
    return max(view.weights.shape) > EXACT_LIMIT


@dataclass(frozen=True)
class LongAttention:
    """The overview of a head's attention, and the exact window shown beside it."""

    overview: Overview
    query_start: int
    key_start: int
    query_stop: int
    key_stop: int

    @property
    def window(self) -> np.ndarray:
        """The exact [query, key] values inside the window."""
        return self.overview.window(self.query_start, self.query_stop,
                                    self.key_start, self.key_stop)  # fmt: skip


def long_attention(pooled: Overview, query_start: int, key_start: int,
                   window: int = WINDOW) -> LongAttention:  # fmt: skip
    """The overview ``pooled`` with a ``window``-sized exact window at the given starts,
    moved back inside the matrix if it would run past its end (pooling is done once per
    head; moving the window only slices).

    >>> vt.views.long_attention(pooled, query_start=0, key_start=0)
    """
    n_queries, n_keys = pooled.matrix.shape
    q0 = window_start(query_start, n_queries, window)
    k0 = window_start(key_start, n_keys, window)
    return LongAttention(pooled, q0, k0, min(q0 + window, n_queries), min(k0 + window, n_keys))


def window_start(start: int, n: int, window: int = WINDOW) -> int:
    """``start`` clamped so a window of ``window`` positions fits in 0..n."""
    return int(min(max(start, 0), max(n - window, 0)))


def window_labels(tokens: list[str], start: int, stop: int) -> list[str]:
    """Window labels that keep the token's position in the whole text: "130:a"."""
    return [f"{i}:{tokens[i]}" for i in range(start, stop)]
