"""The warm pool through the start gate, without a server: fake pool kernels (a notebook run is
a short sleep) filled as Voila fills its pool run no more notebooks at once than the queue has
slots, wait behind a student in line and for memory (holding no slot meanwhile), give up when
the room stops, and the teacher is told when all are warm. The progress lines come at most
every few seconds, and the ready line once."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from tests.coroutines import run_coroutine
from viz_transformer.classroom import warming
from viz_transformer.classroom.progress import READY, WarmProgress
from viz_transformer.classroom.queue import StartQueue

NOTEBOOK = "0/lesson.ipynb"
RUN_S = 0.05


class FakePool:
    """Voila's preheating manager reduced to its pool: each entry a task of ``_initialize``,
    whose notebook run counts how many run at once."""

    def __init__(self) -> None:
        self.pools: dict[str, list[asyncio.Future]] = {}
        self.running = 0
        self.most_at_once = 0
        self.kernels = itertools.count()

    async def initialize(self, notebook: str, kernel_id: str | None = None, **kwargs) -> dict:
        return {"task": asyncio.ensure_future(self.run()), "kernel_id": next(self.kernels)}

    async def run(self) -> None:
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        await asyncio.sleep(RUN_S)
        self.running -= 1

    def fill(self, gated, size: int) -> list[asyncio.Future]:
        pool = self.pools.setdefault(NOTEBOOK, [])
        pool += [asyncio.ensure_future(gated(NOTEBOOK)) for _ in range(size)]
        return pool


@pytest.fixture(autouse=True)
def quick_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warming, "TURN_RETRY_S", 0.01)


def gate(fake: FakePool, queue: StartQueue, lines: list[str], closing=lambda: False,
         seat_free=lambda: True):  # fmt: skip
    progress = WarmProgress({NOTEBOOK: "lesson"}, every_s=0, out=lines.append)
    return warming.through_gate(fake.initialize, queue, lambda: fake.pools, progress,
                                seat_free, closing)  # fmt: skip


async def until_warm(fake: FakePool, size: int) -> None:
    while warming.warm_count(fake.pools[NOTEBOOK]) < size:
        await asyncio.sleep(0.01)


def test_the_pool_runs_no_more_notebooks_than_slots_and_says_when_ready() -> None:
    async def scenario() -> tuple[FakePool, StartQueue, list[str]]:
        fake, queue, lines = FakePool(), StartQueue(2, 3.0), []
        fake.fill(gate(fake, queue, lines), 5)
        await asyncio.wait_for(until_warm(fake, 5), 5)
        await asyncio.sleep(0)  # the last run's slot and report
        return fake, queue, lines

    fake, queue, lines = run_coroutine(scenario())
    assert fake.most_at_once == 2 and queue.busy == 0
    assert lines[0].endswith(" of 5 kernels warm for lesson (0 s)...")
    ready = f"{READY}: every warm kernel has run its notebook, 0 s after start."
    assert lines[-2:] == ["All 5 kernels warm for lesson (0 s).", ready]


def test_a_student_in_line_goes_before_the_pool() -> None:
    async def scenario() -> None:
        fake, queue, lines = FakePool(), StartQueue(1, 3.0), []
        running = queue.ask(None)
        waiting = queue.ask(None)
        pool = fake.fill(gate(fake, queue, lines), 1)
        queue.give_back(running)
        await asyncio.sleep(0.1)
        assert not pool[0].done() and fake.running == 0  # the free slot is the student's
        student = queue.ask(waiting.ticket)
        assert student.go
        queue.give_back(student)
        await asyncio.wait_for(until_warm(fake, 1), 5)

    run_coroutine(scenario())


def test_a_pool_kernel_waiting_for_its_turn_gives_up_when_the_room_stops() -> None:
    async def scenario() -> None:
        fake, queue, closing = FakePool(), StartQueue(1, 3.0), []
        queue.ask(None)  # holds the only slot
        (entry,) = fake.fill(gate(fake, queue, [], closing=lambda: bool(closing)), 1)
        await asyncio.sleep(0.05)
        closing.append(True)
        with pytest.raises(warming.Closing):
            await asyncio.wait_for(entry, 5)
        assert next(fake.kernels) == 0  # no kernel was started

    run_coroutine(scenario())


def test_a_pool_kernel_waiting_for_memory_holds_no_slot() -> None:
    async def scenario() -> None:
        fake, queue, seats = FakePool(), StartQueue(1, 3.0), []
        (entry,) = fake.fill(gate(fake, queue, [], seat_free=lambda: bool(seats)), 1)
        await asyncio.sleep(0.05)
        assert queue.busy == 0 and not entry.done()
        seats.append(True)  # a student left: memory for one more kernel
        await asyncio.wait_for(until_warm(fake, 1), 5)

    run_coroutine(scenario())


def test_a_restart_is_not_gated() -> None:
    async def scenario() -> None:
        fake, queue = FakePool(), StartQueue(1, 3.0)
        queue.ask(None)  # holds the only slot
        content = await asyncio.wait_for(gate(fake, queue, [])(NOTEBOOK, "kernel-1"), 1)
        await content["task"]

    run_coroutine(scenario())


def test_progress_lines_come_at_most_every_few_seconds() -> None:
    now, lines = [0.0], []
    progress = WarmProgress({"a": "A", "b": "B"}, every_s=10, clock=lambda: now[0],
                            out=lines.append)  # fmt: skip
    for second, warm in ((1, 1), (5, 2), (12, 3)):
        now[0] = second
        progress.update("a", warm, 4)
    assert lines == ["1 of 4 kernels warm for A (1 s)...", "3 of 4 kernels warm for A (12 s)..."]
    now[0] = 13
    progress.update("a", 4, 4)
    assert lines[-1] == "All 4 kernels warm for A (13 s)." and not progress.ready
    now[0] = 20
    progress.update("b", 2, 2)
    assert lines[-1] == f"{READY}: every warm kernel has run its notebook, 20 s after start."
    count = len(lines)
    progress.update("a", 3, 4)  # a refill during the class
    assert len(lines) == count  # stays quiet
