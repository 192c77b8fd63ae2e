"""Token-to-token lines (the "head view" bertviz made familiar): queries in a column on the
left, keys on the right, a line from query q to key k for each head with opacity = weight.

Heads are told apart by colour (``Theme.head_color(head)``, fixed by the head's index in the
layer, so a head keeps its colour whichever others are selected).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import VizTransformerError
from .attention_source import AttentionSource, layer_attention
from .selection import check_index, token_labels


@dataclass(frozen=True)
class HeadLines:
    """``weights[i]`` is the [query, key] matrix of head ``heads[i]`` of one layer."""

    weights: np.ndarray  # [selected head, query, key]
    heads: list[int]
    query_tokens: list[str]
    key_tokens: list[str]
    title: str


def head_lines(
    source: AttentionSource,
    part: str,
    layer: int,
    heads: Sequence[int] | None = None,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> HeadLines:
    """Lines for the selected ``heads`` (all heads if None) of one layer of ``part`` attention.

    >>> vt.views.head_lines(run.cache, "cross", layer=0)
    """
    weights = layer_attention(source, part, layer, batch)
    chosen = list(range(weights.shape[0])) if heads is None else list(heads)
    if not chosen:
        raise VizTransformerError("select at least one head to draw.")
    for head in chosen:
        check_index("head", head, weights.shape[0], "each attention layer")
    queries = token_labels(query_tokens, weights.shape[1], "query tokens")
    keys = token_labels(key_tokens, weights.shape[2], "key tokens")
    which = "all heads" if heads is None else "heads " + ", ".join(map(str, chosen))
    title = f"{part} attention · layer {layer} · {which}"
    return HeadLines(weights[chosen], chosen, queries, keys, title)
