"""One layer's attention as a single [query, key] matrix: one head, or heads combined.

    mean over heads: W̄ = (1/h) Σ_i W_i      max over heads: W_max[q, k] = max_i W_i[q, k]

The mean is still a distribution per row; the max is not (rows may sum past 1) but shows
every link some head makes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import VizTransformerError
from .attention_source import AttentionSource, head_matrix, layer_attention
from .selection import token_labels

COMBINED = ("mean", "max")


@dataclass(frozen=True)
class HeadAttention:
    """A [query, key] attention matrix with its axis labels and a title."""

    weights: np.ndarray
    query_tokens: list[str]
    key_tokens: list[str]
    title: str


def head_attention(
    source: AttentionSource,
    part: str,
    layer: int,
    head: int | str = 0,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> HeadAttention:
    """Layer ``layer``'s ``part`` attention ("encoder", "decoder", "cross") for one batch item:
    head ``head`` (an index) or the heads combined (``"mean"`` or ``"max"``).

    ``source`` is a cache or any model's attention (see ``attention_source``); one head is
    read by its model head number, so a cache that kept only some heads serves those.

    >>> vt.views.head_attention(run.cache, "cross", layer=0, head=0)
    """
    if isinstance(head, str):
        if head not in COMBINED:
            raise VizTransformerError(
                f"head must be an index or one of {list(COMBINED)}, got {head!r}."
            )
        weights = layer_attention(source, part, layer, batch)  # [head, query, key]
        matrix = weights.mean(0) if head == "mean" else weights.max(0)
        which = f"{head} over heads"
    else:
        matrix = head_matrix(source, part, layer, head, batch)
        which = f"head {head}"
    queries = token_labels(query_tokens, matrix.shape[0], "query tokens")
    keys = token_labels(key_tokens, matrix.shape[1], "key tokens")
    return HeadAttention(matrix, queries, keys, f"{part} attention · layer {layer} · {which}")
