"""How much CPU other processes used while we measured, from the kernel's accounting.

With a fixed thread count, a core taken by another process can make one call many times
slower; timings taken meanwhile say more about the neighbours than about the code.
"""

from __future__ import annotations

import os
import time
from types import TracebackType

import psutil


def _busy_seconds() -> float:
    """CPU seconds all processes spent since boot (guest time is already inside user time)."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)


def _own_seconds() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


class OtherLoad:
    """``with OtherLoad() as load: ...`` then ``load.share``: other processes' CPU use during the
    block, as a share of all cores (0: nobody else ran; 0.5: one of two cores was busy)."""

    def __enter__(self) -> OtherLoad:
        self._start = (time.perf_counter(), _busy_seconds(), _own_seconds())
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        wall, busy, own = (
            now - then
            for now, then in zip(
                (time.perf_counter(), _busy_seconds(), _own_seconds()), self._start, strict=True
            )
        )
        self.share = max(0.0, busy - own) / (wall * (os.cpu_count() or 1))
