"""Head detectors: how much of a head's attention follows a known pattern, per layer and head.

Each pattern names, for every query q, a set of target keys T(q). A head's score is the
attention mass it puts on the targets, averaged over the queries that have any:

    score = (1 / |Q|) Σ_{q ∈ Q} Σ_{k ∈ T(q)} w[q, k],   Q = {q : T(q) ≠ ∅}

so it lies in [0, 1], 1 meaning the head does exactly that. With n_q queries and n_k keys:

- ``self`` (diagonal): T(q) = {q} for q < n_k; the query looks at its own position.
- ``previous``: T(q) = {q − 1} for q ≥ 1 (and q − 1 < n_k); the token just before.
- ``first``: T(q) = {0}; the first position (often <bos>, a "resting" place for a head).
- ``anti-diagonal``: T(q) = {c_{n − 1 − q}} for q < n, where c_0 … c_{n−1} are the keys
  that hold text (not <bos>, <eos> or <pad>; all keys when no key tokens are given): the
  mirrored token, as when reversing a sequence.
- ``induction``: T(q) = {j + 1 : j < q, t_j = t_q}; the token that followed an earlier
  occurrence of the current token ("A B … A → B"). Needs the tokens, and queries and keys from
  the same sequence (self-attention); left out otherwise, and when no token repeats.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ...errors import VizTransformerError
from ..common.attention_source import AttentionSource, attention_stack
from ..common.layer_head_map import layer_head_panel
from ..common.panel import Panel

PATTERNS = ("self", "previous", "first", "anti-diagonal", "induction")
NOT_TEXT = ("<bos>", "<eos>", "<pad>")


def pattern_targets(
    pattern: str,
    n_queries: int,
    n_keys: int,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
) -> np.ndarray:
    """T as a boolean [query, key] matrix: True where key k is a target of query q.

    >>> vt.views.pattern_targets("previous", n_queries=8, n_keys=8)
    """
    targets = np.zeros((n_queries, n_keys), dtype=bool)
    q = np.arange(n_queries)
    if pattern == "self":
        keep = q < n_keys
        targets[q[keep], q[keep]] = True
    elif pattern == "previous":
        keep = (q >= 1) & (q - 1 < n_keys)
        targets[q[keep], q[keep] - 1] = True
    elif pattern == "first":
        targets[:, 0] = True
    elif pattern == "anti-diagonal":
        text = np.arange(n_keys) if key_tokens is None else _text_keys(key_tokens)
        keep = q < len(text)
        targets[q[keep], text[::-1][q[keep]]] = True
    elif pattern == "induction":
        if not _induction_defined(query_tokens, key_tokens, n_queries, n_keys):
            raise VizTransformerError(
                "the induction score needs the tokens of a self-attention (queries = keys) "
                "in which some token repeats."
            )
        for query in range(n_queries):
            for j in range(query):
                if query_tokens[j] == query_tokens[query]:
                    targets[query, j + 1] = True
    else:
        raise VizTransformerError(f"unknown pattern {pattern!r}; choose from {list(PATTERNS)}.")
    return targets


def pattern_score(weights: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Mean attention mass on the targets over queries with targets; weights [..., q, k] → [...].

    >>> vt.views.pattern_score(weights, vt.views.pattern_targets("previous", 8, 8))
    """
    rows = targets.any(-1)
    if not rows.any():
        raise VizTransformerError("this pattern has no target for any query: nothing to score.")
    mass = (weights * targets).sum(-1)  # [..., query]
    return mass[..., rows].mean(-1)


def head_detectors(
    source: AttentionSource,
    part: str,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
    patterns: Sequence[str] = PATTERNS,
) -> list[Panel]:
    """One [layer, head] panel of scores per pattern, all on the scale 0–1.

    Key tokens let the anti-diagonal skip <bos>/<eos>/<pad>; equal query and key tokens with a
    repeat enable ``induction``, which is left out where it is undefined (no tokens, different
    sequences as in cross-attention, or no token that repeats).

    >>> vt.views.head_detectors(run.cache, "encoder")
    """
    weights = attention_stack(source, part, batch)  # [layer, head, query, key]
    n_queries, n_keys = weights.shape[-2:]
    panels = []
    for pattern in patterns:
        if pattern == "induction" and not _induction_defined(
            query_tokens, key_tokens, n_queries, n_keys
        ):
            continue
        targets = pattern_targets(pattern, n_queries, n_keys, query_tokens, key_tokens)
        scores = pattern_score(weights, targets)
        panels.append(layer_head_panel(scores, pattern, 0.0, 1.0, "score"))
    return panels


def _text_keys(key_tokens: Sequence[str]) -> np.ndarray:
    """Positions of the keys that hold text (not <bos>, <eos> or <pad>)."""
    return np.array([i for i, t in enumerate(key_tokens) if t not in NOT_TEXT], dtype=int)


def _induction_defined(
    query_tokens: Sequence[str] | None,
    key_tokens: Sequence[str] | None,
    n_queries: int,
    n_keys: int,
) -> bool:
    """True for a self-attention's tokens (queries = keys) in which some token repeats."""
    if query_tokens is None or key_tokens is None or n_queries != n_keys:
        return False
    same = list(query_tokens) == list(key_tokens) and len(query_tokens) == n_queries
    return same and len(set(query_tokens)) < len(query_tokens)
