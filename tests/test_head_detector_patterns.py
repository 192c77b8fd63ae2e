"""Law: each head detector scores 1.0 a head that does exactly its pattern, and a uniform head
the share of keys its pattern names, worked out by hand.

The perfect heads are written here from the patterns' definitions in words, query by query,
not from ``pattern_targets``, so a detector whose targets were swapped with another's (the
previous token for the first, say) fails: its own perfect head would no longer score 1.

Tokens: ``<bos> a b c a b c <eos>`` (8 positions, self-attention, queries = keys).
"""

from __future__ import annotations

import numpy as np
import pytest

from viz_transformer.pictures.detectors.view import PATTERNS, head_detectors

TOKENS = ["<bos>", "a", "b", "c", "a", "b", "c", "<eos>"]
N = len(TOKENS)

# for each query, the keys the pattern looks at, written out from its definition
PERFECT_KEYS: dict[str, dict[int, list[int]]] = {
    "self": {q: [q] for q in range(N)},
    "previous": {q: [q - 1] for q in range(1, N)},
    "first": {q: [0] for q in range(N)},
    # the text keys are positions 1..6 (not <bos>/<eos>); query q looks at the (q+1)-th from the end
    "anti-diagonal": {0: [6], 1: [5], 2: [4], 3: [3], 4: [2], 5: [1]},
    # a b c a b c: the second a (4) looks at what followed the first a (2), and so on
    "induction": {4: [2], 5: [3], 6: [4]},
}
# a uniform head (1/8 on every key): each scored query puts |T(q)|/8 on its targets
UNIFORM_SCORE = {
    "self": 1 / 8,
    "previous": 1 / 8,
    "first": 1 / 8,
    "anti-diagonal": 1 / 8,
    "induction": 1 / 8,
}


def perfect_head(pattern: str) -> np.ndarray:
    """[query, key] weights: all of each scored query's weight on its keys, evenly; the other
    queries look at themselves (any distribution would do: they are not scored)."""
    weights = np.eye(N)
    for query, keys in PERFECT_KEYS[pattern].items():
        weights[query] = 0.0
        weights[query, keys] = 1.0 / len(keys)
    return weights


def scores(heads: list[np.ndarray]) -> dict[str, np.ndarray]:
    """Every detector's scores for one layer of the given heads, as {pattern: [head]}."""
    stack = np.stack(heads)[None]  # [1 layer, head, query, key]
    return {
        panel.title: panel.values[0] for panel in head_detectors(stack, "decoder", TOKENS, TOKENS)
    }


def test_every_pattern_has_a_hand_written_perfect_head():
    assert set(PERFECT_KEYS) == set(PATTERNS)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_perfect_head_scores_one_on_its_own_pattern_only(pattern):
    result = scores([perfect_head(pattern)])
    assert result[pattern][0] == pytest.approx(1.0)
    for other in PATTERNS:
        if other != pattern and PERFECT_KEYS[other] != PERFECT_KEYS[pattern]:
            assert result[other][0] < 1.0, f"a perfect {pattern} head scores 1 on {other}"


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_uniform_head_scores_its_share_worked_out_by_hand(pattern):
    result = scores([np.full((N, N), 1 / N)])
    assert result[pattern][0] == pytest.approx(UNIFORM_SCORE[pattern])


# a causal uniform head (query q spreads evenly over keys 0..q, as an untrained decoder does)
CAUSAL_UNIFORM_SCORE = {
    "self": sum(1 / (q + 1) for q in range(8)) / 8,
    "previous": sum(1 / (q + 1) for q in range(1, 8)) / 7,
    "first": sum(1 / (q + 1) for q in range(8)) / 8,
    # queries 0-2 name keys 6, 5, 4: in their future, weight 0; queries 3-5 name keys 3, 2, 1
    "anti-diagonal": (1 / 4 + 1 / 5 + 1 / 6) / 6,
    "induction": (1 / 5 + 1 / 6 + 1 / 7) / 3,  # queries 4, 5, 6
}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_causal_uniform_head_scores_what_the_hand_sum_says(pattern):
    causal_uniform = np.tril(np.ones((N, N))) / np.arange(1, N + 1)[:, None]
    assert scores([causal_uniform])[pattern][0] == pytest.approx(CAUSAL_UNIFORM_SCORE[pattern])
