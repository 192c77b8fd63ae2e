"""How busy the teacher's computer is: the share of all its cores in use, averaged over the last
few seconds. The start queue reads it for every page asked for, so reading costs nothing: a
timer on the server's loop takes a sample every ``SAMPLE_S`` seconds and keeps the last
``WINDOW`` of them.

Why: the students already in a lesson keep the cores busy redrawing their pictures (issue 16:
40 students' control changes saturated 2 cores), and a notebook started then crawls until its
page times out. Measuring the load, not only counting the notebooks running, lets the queue
hold the next start until there is room for it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import psutil  # an ipykernel dependency: present wherever Voila runs
from tornado.ioloop import PeriodicCallback

SAMPLE_S = 1.0
WINDOW = 3  # samples averaged: the load over the last 3 s, so one busy second is not a crowd


def busy_share_since_last_read() -> float:
    """The share (0 to 1) of all cores busy since the previous call (psutil keeps that call's
    times; the very first call has nothing to compare with and says 0)."""
    return psutil.cpu_percent(interval=None) / 100


class CpuLoad:
    """The CPU load averaged over the last ``window`` samples; calling it reads the average
    (0 before any sample). ``read`` takes one sample: the busy share since its previous call."""

    def __init__(
        self, window: int = WINDOW, read: Callable[[], float] = busy_share_since_last_read
    ) -> None:
        if window < 1:
            raise ValueError(f"a CPU load averages 1 sample or more, not {window}")
        self._read = read
        self._samples: deque[float] = deque(maxlen=window)

    def __call__(self) -> float:
        return sum(self._samples) / len(self._samples) if self._samples else 0.0

    def sample(self) -> None:
        """Take one sample; the oldest leaves the window."""
        self._samples.append(self._read())

    def start(self, every_s: float = SAMPLE_S) -> PeriodicCallback:
        """Sample every ``every_s`` seconds on the current IO loop, from now on: this first
        reading only sets the start of the first sample."""
        self._read()
        timer = PeriodicCallback(self.sample, every_s * 1000)
        timer.start()
        return timer
