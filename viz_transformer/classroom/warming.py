"""The warm pool through the room's start gate: Voila's preheating manager fills the pool at
start-up and refills it after a student takes a warm kernel, each time by starting a kernel and
running the whole notebook in it (its ``_initialize``). Left alone, those runs go beside the
start queue's slots and whatever the CPU load (issue 16: a refill during the class took CPU
from the students' pictures). Here each one first waits for a turn of the room's
``queue.StartQueue`` (``fill_turn``: after the students in line, on a free slot, while the load
allows) and holds that slot until its notebook has run; then the teacher is told how warm the
pool is (``progress.WarmProgress``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from .progress import WarmProgress
from .queue import StartQueue, Turn

TURN_RETRY_S = 0.5  # a pool kernel waiting for its turn asks the queue again this often

Initialize = Callable[..., Awaitable[dict[str, Any]]]


class Closing(Exception):
    """The room stops: a pool kernel waiting for its turn gives up."""


def warm_count(pool: list[asyncio.Future]) -> int:
    """The pool's kernels whose notebook has run: each entry is Voila's task giving the kernel
    and the task running its notebook."""
    return sum(
        entry.done() and not entry.cancelled() and entry.exception() is None
        and entry.result()["task"].done()
        for entry in pool
    )  # fmt: skip


async def wait_for_turn(
    queue: StartQueue, seat_free: Callable[[], bool], closing: Callable[[], bool]
) -> Turn:
    """A slot for one pool kernel's notebook, once memory has a seat for the kernel and the
    queue gives a turn (``fill_turn``): a kernel waiting for memory holds no slot meanwhile."""
    while not closing():
        turn = queue.fill_turn() if seat_free() else None
        if turn and turn.go:
            return turn
        await asyncio.sleep(TURN_RETRY_S)
    raise Closing("the room stops")


def through_gate(
    initialize: Initialize,
    queue: StartQueue,
    pools: Callable[[], dict[str, list[asyncio.Future]]],
    progress: WarmProgress,
    seat_free: Callable[[], bool],
    closing: Callable[[], bool],
) -> Initialize:
    """Voila's ``initialize`` (start a pool kernel, run its notebook in a task) holding a slot
    of ``queue`` from before the kernel starts until its notebook has run, then telling
    ``progress`` how many of the notebook's pool (``pools()``) are warm. A restart
    (``kernel_id`` given) reruns a kernel already handed out, outside the pool: not gated."""

    async def gated(notebook: str, kernel_id: str | None = None, **kwargs) -> dict[str, Any]:
        if kernel_id is not None:
            return await initialize(notebook, kernel_id, **kwargs)
        turn = await wait_for_turn(queue, seat_free, closing)
        try:
            content = await initialize(notebook, None, **kwargs)
        except BaseException:
            queue.give_back(turn)
            raise

        def ran(_task: asyncio.Future) -> None:
            queue.give_back(turn)
            pool = pools().get(notebook, [])
            progress.update(notebook, warm_count(pool), len(pool))

        content["task"].add_done_callback(ran)
        return content

    return gated
