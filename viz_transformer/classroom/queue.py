"""First come, first served admission of the pages that must run their notebook.

A page without a warm kernel starts one and runs its whole notebook: seconds of CPU. Started
all at once on a few cores, none finishes in time (issue 16: 43 notebooks at once on 2 cores,
and 42 pages failed while memory was left). So at most ``slots`` pages run their notebook at
once; a student who comes while every slot is busy gets a ticket (a cookie) and a waiting page
that reloads itself every ``refresh_s`` seconds. Each reload shows the ticket again, which keeps
its place; the tickets go in the order they were given as slots free. A ticket not seen for
``EXPIRY_REFRESHES`` reloads belongs to a student who left: it is dropped so it cannot hold the
line. A page served by a warm kernel runs no notebook and takes no slot.

A free slot is not enough when the computer is busy anyway (issue 16: the students already in
a lesson saturated both cores redrawing their pictures, and the notebooks let in crawled until
their pages timed out): while the CPU load is at ``start_below`` (a share of all cores) or
above, nobody takes a slot, except the first in line when no slot is busy at all, so that the
line always moves. Those who wait for the load are told so (``Turn.cpu_busy``).

The warm pool's notebooks go through the same gate (``fill_turn``): a fill at start-up or a
refill after a student took a warm kernel runs its notebook on a slot too, only while the load
allows it (or nothing else runs), and never ahead of a student in line: during the class, the
CPU goes to the students' pages and pictures first.

Pure bookkeeping, no server: the clock and the load are injected, so the tests drive them.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

TICKET_COOKIE = "viz_room_ticket"  # also read by the load benchmark's students
START_BELOW = 0.85  # the CPU load (share of all cores) from which no notebook starts, by default
EXPIRY_REFRESHES = 3  # reloads a waiting page may miss before its ticket is dropped


@dataclass(frozen=True)
class Turn:
    """The answer to a student asking for a page."""

    go: bool  # open the page now
    holds_slot: bool  # went on a slot: give it back (``StartQueue.holding``) once the page ran
    ticket: str | None  # the place in line to show next time; None for a student who goes
    ahead: int  # students in line before this one (0: next)
    cpu_busy: bool = False  # waits for the CPU load to drop, though a slot is free


class StartQueue:
    """At most ``slots`` pages running their notebook, and only while ``load()`` (the CPU's
    busy share, 0 to 1) is below ``start_below``; the other students in line, in order."""

    def __init__(
        self,
        slots: int,
        refresh_s: float,
        start_below: float = START_BELOW,
        load: Callable[[], float] = lambda: 0.0,
        clock: Callable[[], float] = time.monotonic,
        new_ticket: Callable[[], str] = lambda: secrets.token_urlsafe(16),
    ) -> None:
        if slots < 1:
            raise ValueError(f"a start queue needs 1 slot or more, not {slots}")
        if not 0 <= start_below <= 1:
            raise ValueError(f"a start queue's load threshold is 0 to 1, not {start_below}")
        self.slots = slots
        self.start_below = start_below
        self._load = load
        self.busy = 0  # slots held by pages running their notebook
        self._expiry_s = EXPIRY_REFRESHES * refresh_s
        self._clock = clock
        self._new_ticket = new_ticket
        self._line: dict[str, float] = {}  # ticket -> last seen; insertion order is arrival

    def ask(self, ticket: str | None, warm: bool = False) -> Turn:
        """May the student holding ``ticket`` (None or an unknown one: a newcomer, who joins
        the back of the line) open the page now? Those ahead in line go first: the student goes
        if fewer are ahead than there are slots to take (``open_slots``), plus one when a warm
        kernel is ready (``warm``: that page runs no notebook, takes no slot and goes whatever
        the load)."""
        now = self._clock()
        self._drop_gone(now)
        if ticket not in self._line:
            ticket = None
        ahead = len(self._line) if ticket is None else list(self._line).index(ticket)
        open_slots = self.open_slots()
        if ahead < open_slots + warm:
            self._line.pop(ticket, None)
            if not warm:
                self.busy += 1
            return Turn(go=True, holds_slot=not warm, ticket=None, ahead=0)
        ticket = ticket or self._new_ticket()
        self._line[ticket] = now  # a known ticket keeps its place: updating keeps dict order
        cpu_busy = open_slots < self.slots - self.busy
        return Turn(go=False, holds_slot=False, ticket=ticket, ahead=ahead, cpu_busy=cpu_busy)

    def open_slots(self) -> int:
        """The slots that may be taken now: the free ones while the load is below
        ``start_below``; at or above it none, or one when no slot is busy (the line always moves)."""
        if self._load() < self.start_below:
            return self.slots - self.busy
        return int(self.busy == 0)

    def fill_turn(self) -> Turn:
        """May a warm kernel of the pool run its notebook now? Only with nobody in line (the
        students come first) and a slot open; one that goes holds a slot (``give_back``)."""
        self._drop_gone(self._clock())
        if self._line or self.open_slots() < 1:
            return Turn(go=False, holds_slot=False, ticket=None, ahead=len(self._line))
        self.busy += 1
        return Turn(go=True, holds_slot=True, ticket=None, ahead=0)

    def give_back(self, turn: Turn) -> None:
        """The notebook of ``turn`` has run (or failed): its slot, if it took one, is free."""
        if turn.holds_slot:
            self.busy -= 1

    @contextmanager
    def holding(self, turn: Turn) -> Iterator[None]:
        """Around the page of ``turn``: its slot, if it took one, is given back when the page
        has run, failed or been abandoned, whatever is raised."""
        try:
            yield
        finally:
            self.give_back(turn)

    def _drop_gone(self, now: float) -> None:
        """Forget the tickets of students who stopped reloading (tab closed, went elsewhere)."""
        for ticket, seen in list(self._line.items()):
            if now - seen > self._expiry_s:
                del self._line[ticket]


def usable_cpus() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the
    machine has): the default number of notebooks run at once."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
