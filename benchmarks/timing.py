"""Timing callables side by side: warm-up, alternating repeats, medians and their ratio.

Alternating ours, peer, ours, peer … in one process means both see the same machine load,
caches and thread pool, so their ratio holds even when the absolute times drift.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

MIN_REPEATS = 3
MAX_REPEATS = 25


@dataclass(frozen=True)
class PairTiming:
    """Median seconds of ours and the peer over ``repeats`` alternating runs."""

    ours: float
    peer: float
    repeats: int

    @property
    def ratio(self) -> float:
        return self.ours / self.peer


def seconds(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def repeats_within(budget_s: float, one_run_s: float) -> int:
    """How many repeats fit in ``budget_s`` at ``one_run_s`` each, kept in [3, 25]."""
    fitting = int(budget_s / max(one_run_s, 1e-9))
    return max(MIN_REPEATS, min(MAX_REPEATS, fitting))


def time_pair(
    ours: Callable[[], object], peer: Callable[[], object], budget_s: float = 6.0
) -> PairTiming:
    """Warm both up once, then alternate them; the warm-up time sets the number of repeats."""
    warm = seconds(ours) + seconds(peer)
    repeats = repeats_within(budget_s, warm)
    ours_s, peer_s = [], []
    for _ in range(repeats):
        ours_s.append(seconds(ours))
        peer_s.append(seconds(peer))
    return PairTiming(statistics.median(ours_s), statistics.median(peer_s), repeats)


def median_seconds(fn: Callable[[], object], repeats: int = 5) -> float:
    """Median of ``repeats`` timed calls after one warm-up call."""
    fn()
    return statistics.median(seconds(fn) for _ in range(repeats))
