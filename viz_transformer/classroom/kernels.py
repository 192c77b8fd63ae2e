"""A kernel for every page while the computer has memory for it, each running in its
notebook's real folder; kernels whose page is gone are culled by jupyter_server's culler
(configured by the command: idle and unconnected for the set time).

A new kernel starts only if, after it and the kernels still growing have reached
``kernel_mb`` each, ``keep_free_mb`` of memory stays available: the room fills up to what the
computer holds, and a student who comes when it is full gets the full-room page instead of a
kernel that would push the others into swap or the out-of-memory killer. ``max_kernels`` (0:
none) is an optional fixed cap on top.

Voila wraps this class (``VoilaConfiguration.multi_kernel_manager_class``) in its preheating
manager, whose pool refills also start kernels through ``start_kernel`` here: a student's page
that finds the room full is refused at once (``RoomFull``), while a pool refill waits until a
seat frees, so the cap holds whichever way a kernel starts. Its fills and refills also run
their notebook only on a turn of the room's start queue (``warming.through_gate``).
"""

from __future__ import annotations

import asyncio
import uuid

import psutil  # an ipykernel dependency
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer

from .progress import WarmProgress
from .warming import through_gate

POOL_RETRY_S = 0.5


class RoomFull(Exception):
    """No seat left: the caller shows the full-room page."""


class RoomKernelManager(AsyncMappingKernelManager):
    max_kernels = Integer(
        0, config=True, help="Kernels at most, warm ones included (0: as many as memory allows)."
    )
    kernel_mb = Integer(400, config=True, help="The memory a kernel grows to, in MB.")
    keep_free_mb = Integer(
        1024, config=True, help="Memory (MB) left free for the system: no kernel starts below."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._reserved: set[str] = set()  # kernels being started, not yet in self._kernels
        self._closing = False
        lessons = getattr(self.parent, "lessons", None) or []
        self._workdirs = {lesson.copy.split("/")[0]: lesson.workdir for lesson in lessons}
        if hasattr(self, "_initialize"):  # Voila's preheating manager, a subclass of this one
            self._initialize = through_gate(
                self._initialize, self.parent.start_queue, lambda: self._pools,
                WarmProgress({lesson.copy: lesson.name for lesson in lessons}),
                self.seat_free, lambda: self._closing,
            )  # fmt: skip

    def occupied(self) -> int:
        return len(set(self._kernels) | self._reserved)

    def warm_kernel(self, notebook: str) -> str | None:
        """The id of the warm kernel the next page of ``notebook`` gets, if one is ready."""
        pool = getattr(self, "_pools", {}).get(notebook, [])
        if pool and pool[0].done() and pool[0].exception() is None:
            return pool[0].result()["kernel_id"]
        return None

    def has_room_for(self, notebook: str) -> bool:
        """Can a page of ``notebook`` open now: a warm kernel is ready, or a seat is free?"""
        return self.warm_kernel(notebook) is not None or self.seat_free()

    def seat_free(self) -> bool:
        """Room for one more kernel: under the cap, and memory for it once all have grown."""
        if self.max_kernels and self.occupied() >= self.max_kernels:
            return False
        return memory_allows(available_mb(), self._growth_mb(), self.kernel_mb,
                             self.keep_free_mb)  # fmt: skip

    def _growth_mb(self) -> float:
        """Memory the kernels will still take: those starting all of ``kernel_mb``, the running
        ones what they lack of it (a kernel grows while it runs its notebook)."""
        growth = len(self._reserved) * self.kernel_mb
        for kernel in self._kernels.values():
            pid = getattr(kernel.provisioner, "pid", None)
            if pid is None:
                continue  # stopped, or not started yet (then it is in _reserved)
            try:
                rss_mb = psutil.Process(pid).memory_info().rss / 2**20
            except psutil.Error:
                continue  # already gone: takes nothing
            growth += max(0.0, self.kernel_mb - rss_mb)
        return growth

    def handed_out(self, kernel_id: str | None) -> None:
        """A page was just sent with this kernel: its browser has the whole culling delay to
        connect (a kernel kept warm for long is idle since it ran its notebook, and would
        otherwise be culled between the page and its websocket)."""
        if kernel_id in self._kernels:
            self._kernels[kernel_id].last_activity = utcnow()

    def cwd_for_path(self, path, **kwargs):
        """A lesson's kernel runs in its notebook's real folder, not in the room's copy."""
        workdir = self._workdirs.get(str(path).strip("/"))
        return str(workdir) if workdir else super().cwd_for_path(path, **kwargs)

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        kernel_id = kernel_id or str(uuid.uuid4())
        warm = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        while not self.seat_free() or self._closing:
            if self._closing or not warm:
                raise RoomFull(f"no seat: {self.occupied()} kernels, {available_mb():.0f} MB free")
            await asyncio.sleep(POOL_RETRY_S)  # a pool refill waits for a free seat
        self._reserved.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._reserved.discard(kernel_id)

    async def shutdown_all(self, now=False):
        self._closing = True  # pool refills waiting for a seat give up instead of blocking
        await super().shutdown_all(now=now)


def available_mb() -> float:
    """Memory the system can give without swapping (MB)."""
    return psutil.virtual_memory().available / 2**20


def memory_allows(available: float, growth: float, kernel_mb: float, keep_free: float) -> bool:
    """Whether one more kernel fits: what is available now, less what the running kernels will
    still grow and the new kernel itself, leaves ``keep_free`` MB."""
    return available - growth - kernel_mb >= keep_free
