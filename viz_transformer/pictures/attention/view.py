"""One layer's attention as a single [query, key] matrix: one head, or heads combined.

    mean over heads: W̄ = (1/h) Σ_i W_i      max over heads: W_max[q, k] = max_i W_i[q, k]

The mean is still a distribution per row; the max is not (rows may sum past 1) but shows
every link some head makes. A list of heads shows their mean. ``head`` takes the same
vocabulary in every view (``pictures.common.selection``): an index (``-1``: the last head),
a list of indices, "mean" or "max".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..common.attention_source import AttentionSource, chosen_heads, layer_number
from ..common.selection import COMBINED as COMBINED  # the explorer's dropdown lists them
from ..common.selection import HeadChoice, token_labels


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
    head: HeadChoice = 0,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> HeadAttention:
    """Layer ``layer``'s ``part`` attention ("encoder", "decoder", "cross") for one batch item:
    head ``head`` (an index; negative counts from the end), the mean over a list of heads, or
    the heads combined (``"mean"`` or ``"max"``). ``layer=-1`` is the last layer; the title
    names the layer and heads by their non-negative numbers.

    ``source`` is a cache or any model's attention (see ``attention_source``); a head or a
    list is read by its model head number, so a cache that kept only some heads serves those.

    >>> vt.views.head_attention(run.cache, "cross", layer=0, head=0)
    """
    matrix, which = chosen_heads(source, part, layer, head, batch)
    layer = layer_number(source, part, layer)
    queries = token_labels(query_tokens, matrix.shape[0], "query tokens")
    keys = token_labels(key_tokens, matrix.shape[1], "key tokens")
    return HeadAttention(matrix, queries, keys, f"{part} attention · layer {layer} · {which}")
