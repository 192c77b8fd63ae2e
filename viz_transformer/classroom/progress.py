"""The teacher's view of the warm pool while the room prepares: a line now and then ("12 of 50
kernels warm for 00_tour"), one when a notebook's pool is all warm, and one when every pool is
(``READY``): the room can take the whole class at once. A teacher starts the room a few minutes
before the lesson and waits for that line; the load benchmark waits for it too. Once the room
is ready, refills during the class stay quiet (Voila logs them).
"""

from __future__ import annotations

import time
from collections.abc import Callable

READY = "The room is ready"  # the line's start: the benchmark (and a teacher) wait for it
EVERY_S = 10.0  # progress lines at most this often, so 50 kernels make a few lines, not 50


def say(line: str) -> None:
    """Print for the teacher (flushed: the terminal may be a pipe or a file)."""
    print(line, flush=True)


class WarmProgress:
    """Counts reported per notebook (its key in ``names``, e.g. ``3/00_tour.ipynb``, shown as its
    name); says progress at most every ``every_s`` seconds, each pool's completion, and
    ``READY`` once every notebook's pool is warm."""

    def __init__(
        self,
        names: dict[str, str],
        every_s: float = EVERY_S,
        clock: Callable[[], float] = time.monotonic,
        out: Callable[[str], None] = say,
    ) -> None:
        self._names = names
        self._every_s = every_s
        self._clock = clock
        self._out = out
        self._began = clock()
        self._last_said = -float("inf")
        self._full: set[str] = set()
        self.ready = False

    def update(self, notebook: str, warm: int, size: int) -> None:
        """``warm`` of the ``size`` pool kernels of ``notebook`` have run their notebook."""
        if self.ready or size == 0:
            return
        now = self._clock()
        name = self._names.get(notebook, notebook)
        if warm >= size and notebook not in self._full:
            self._full.add(notebook)
            self._say(now, f"All {size} kernels warm for {name} ({self._since(now)}).")
        elif now - self._last_said >= self._every_s:
            self._say(now, f"{warm} of {size} kernels warm for {name} ({self._since(now)})...")
        if self._full >= set(self._names):
            self.ready = True
            self._say(now, f"{READY}: every warm kernel has run its notebook, "
                           f"{self._since(now)} after start.")  # fmt: skip

    def _since(self, now: float) -> str:
        return f"{now - self._began:.0f} s"

    def _say(self, now: float, line: str) -> None:
        self._last_said = now
        self._out(line)
