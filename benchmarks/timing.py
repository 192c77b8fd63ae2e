"""Timing callables side by side on a shared machine: warm-up, alternating rounds, medians.

Alternating ours, peer, ours, peer … in one process means both see the same caches and thread
pool. Other processes may still take a core, and with fixed threads that can slow a call many
times over: a round starts once the machine looks quiet (waiting up to ``WAIT_S``), and a round
during which other processes used more than ``QUIET_SHARE`` of the CPUs is measured again,
within ``RETRIES`` times the time the rounds should take; such rounds are counted in the note.
A fast call is repeated within a sample until the sample lasts ``MIN_SAMPLE_S``, long enough
for the kernel's 10 ms CPU accounting.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.other_load import OtherLoad

MIN_REPEATS = 3
MAX_REPEATS = 25
MIN_SAMPLE_S = 0.2
QUIET_SHARE = 0.03  # one 10 ms tick of 2 cores in a 0.2 s sample: a busy neighbour shows at once
RETRIES = 3
WAIT_S = 2.0


@dataclass(frozen=True)
class Timing:
    """Median seconds per call of each callable, over the rounds kept."""

    medians: tuple[float, ...]
    rounds: int
    disturbed: int  # rounds measured again because other processes were busy

    @property
    def ratio(self) -> float:
        """First callable over second: ours / peer."""
        return self.medians[0] / self.medians[1]

    @property
    def milliseconds(self) -> tuple[float, ...]:
        return tuple(m * 1e3 for m in self.medians)

    @property
    def note(self) -> str:
        busy = f", {self.disturbed} more discarded (other processes busy)" if self.disturbed else ""
        return f"{self.rounds} rounds{busy}"


def seconds(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def per_call(fn: Callable[[], object], calls: int) -> float:
    """Seconds per call, averaged over ``calls`` back-to-back calls."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def repeats_within(budget_s: float, round_s: float) -> int:
    """How many rounds fit in ``budget_s`` at ``round_s`` each, kept in [3, 25]."""
    fitting = int(budget_s / max(round_s, 1e-9))
    return max(MIN_REPEATS, min(MAX_REPEATS, fitting))


def wait_until_quiet(limit_s: float = WAIT_S, window_s: float = 0.2) -> None:
    """Sleep in short windows until other processes use at most QUIET_SHARE of the CPUs,
    or ``limit_s`` has passed (a machine that never quiets down is measured anyway)."""
    give_up = time.perf_counter() + limit_s
    while time.perf_counter() < give_up:
        with OtherLoad() as load:
            time.sleep(window_s)
        if load.share <= QUIET_SHARE:
            return


def time_rounds(
    fns: Sequence[Callable[[], object]], budget_s: float = 6.0, repeats: int | None = None
) -> Timing:
    """Warm each callable up once, then time them in alternating rounds; medians per callable.

    The warm-up also sets how many calls make a sample and, unless ``repeats`` is given, how
    many rounds fit the budget. Rounds disturbed by other processes are measured again until
    the retry time runs out; then, if too few quiet rounds remain, the disturbed ones count too.
    """
    warm = [seconds(fn) for fn in fns]
    calls = [max(1, math.ceil(MIN_SAMPLE_S / max(t, 1e-9))) for t in warm]
    round_s = sum(t * n for t, n in zip(warm, calls, strict=True))
    wanted = repeats or repeats_within(budget_s, round_s)
    retry_until = time.perf_counter() + RETRIES * wanted * round_s
    quiet, busy = [], []
    while len(quiet) < wanted:
        if len(quiet) + len(busy) >= wanted and time.perf_counter() > retry_until:
            break
        wait_until_quiet()
        with OtherLoad() as load:
            sample = [per_call(fn, n) for fn, n in zip(fns, calls, strict=True)]
        (quiet if load.share <= QUIET_SHARE else busy).append(sample)
    kept = quiet if len(quiet) >= min(wanted, MIN_REPEATS) else quiet + busy
    medians = tuple(statistics.median(s[i] for s in kept) for i in range(len(fns)))
    return Timing(medians, len(kept), len(busy))


def time_pair(
    ours: Callable[[], object], peer: Callable[[], object], budget_s: float = 6.0
) -> Timing:
    """Ours and the peer in alternating rounds: ``timing.ratio`` is ours / peer."""
    return time_rounds([ours, peer], budget_s)
