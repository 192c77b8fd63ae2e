"""Token-to-token lines (the "head view" bertviz made familiar): queries in a column on the
left, keys on the right, a line from query q to key k for each head with opacity = weight.

Heads are told apart by colour (``Theme.head_color(head)``, fixed by the head's index in the
layer, so a head keeps its colour whichever others are selected).

``head`` takes the vocabulary of every view (``pictures.common.selection``): an index
(``-1``: the last head) or a list of indices draws one set of lines per head; "mean" or
"max" one set of lines for the heads combined; None (the default) every head.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ...errors import VizTransformerError
from ..common.attention_source import AttentionSource, layer_attention, layer_heads, layer_number
from ..common.selection import HeadChoice, combine_heads, head_label, token_labels

COMBINED_HEAD = -1  # ``heads`` entry of a row that combines heads: the theme's last colour
SIDES = ("query", "key")  # the two columns of tokens


@dataclass(frozen=True)
class HeadLines:
    """``weights[i]`` is the [query, key] matrix of head ``heads[i]`` of one layer, named
    ``labels[i]`` ("head 2"); a row combining heads ("mean over heads", "max over heads") has
    no head number: its ``heads`` entry is ``COMBINED_HEAD`` (-1).

    ``focus`` is the token whose lines alone are kept (see :func:`token_lines`): its side,
    "query" or "key", and its position; None: every token's lines."""

    weights: np.ndarray  # [selected head, query, key]
    heads: list[int]
    query_tokens: list[str]
    key_tokens: list[str]
    title: str
    labels: list[str]
    focus: tuple[str, int] | None = None


def head_lines(
    source: AttentionSource,
    part: str,
    layer: int,
    head: HeadChoice | None = None,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> HeadLines:
    """Lines for ``head`` of one layer of ``part`` attention: an index or a list of indices
    (lines per head), "mean" or "max" (lines of the heads combined), or None: every head.
    ``layer=-1`` is the last layer; titles name layers and heads by non-negative numbers.

    >>> vt.views.head_lines(run.cache, "cross", layer=0)
    """
    if head is None:  # every head: the whole layer, as stored
        weights = layer_attention(source, part, layer, batch)
        heads = list(range(weights.shape[0]))
        which = "all heads"
    else:
        values, choice, positions = layer_heads(source, part, layer, head, batch)
        if isinstance(choice, str):  # one set of lines for the heads combined
            weights, heads = combine_heads(values, positions)[None], [COMBINED_HEAD]
        else:  # one set per head, read by its model head number
            heads = [choice] if isinstance(choice, int) else list(choice)
            weights = values[[positions] if isinstance(positions, int) else list(positions)]
        which = head_label(choice).removesuffix(" (mean)")  # a list: each head, not their mean
    combined = heads == [COMBINED_HEAD]
    labels = [which] if combined else [head_label(h) for h in heads]
    layer = layer_number(source, part, layer)
    queries = token_labels(query_tokens, weights.shape[1], "query tokens")
    keys = token_labels(key_tokens, weights.shape[2], "key tokens")
    title = f"{part} attention · layer {layer} · {which}"
    return HeadLines(weights, heads, queries, keys, title, labels)


def token_lines(view: HeadLines, side: str, position: int) -> HeadLines:
    """Only one token's lines: those leaving query ``position`` (``side="query"``) or those
    reaching key ``position`` (``side="key"``), in every head of ``view``; the others' weights
    become 0, so no line is drawn for them. Hovering a token in the explorer shows this.

    >>> vt.views.token_lines(vt.views.head_lines(run.cache, "cross", 1), "query", 3)
    """
    if side not in SIDES:
        raise VizTransformerError(f"side must be one of {list(SIDES)}, got {side!r}.")
    n = view.weights.shape[1 if side == "query" else 2]
    if not 0 <= position < n:
        raise VizTransformerError(f"{side} {position} is not a position of these {n} {side}s.")
    kept = np.zeros_like(view.weights)
    if side == "query":
        kept[:, position, :] = view.weights[:, position, :]  # [head, key] of that query
    else:
        kept[:, :, position] = view.weights[:, :, position]  # [head, query] into that key
    return replace(view, weights=kept, focus=(side, position))
