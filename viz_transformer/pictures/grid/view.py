"""Every head of every layer at once: the layers × heads grid of [query, key] matrices.

The grid is the first look at a model: which heads are sharp, which spread out, which copy a
neighbour. Weights are on one fixed 0–1 scale, so panels can be compared by eye.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..common.attention_source import AttentionSource, attention_stack
from ..common.selection import token_labels


@dataclass(frozen=True)
class AttentionGrid:
    """``weights[layer, head]`` is one head's [query, key] matrix."""

    weights: np.ndarray  # [layer, head, query, key]
    query_tokens: list[str]
    key_tokens: list[str]
    title: str


def attention_grid(
    source: AttentionSource,
    part: str,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> AttentionGrid:
    """All layers × heads of ``part`` attention for one batch item, from a cache or any model.

    >>> vt.views.attention_grid(run.cache, "cross", *run.tokens("cross"))
    """
    weights = attention_stack(source, part, batch)
    queries = token_labels(query_tokens, weights.shape[2], "query tokens")
    keys = token_labels(key_tokens, weights.shape[3], "key tokens")
    title = f"{part} attention · {weights.shape[0]} layers × {weights.shape[1]} heads"
    return AttentionGrid(weights, queries, keys, title)
