"""The room under test: ``python -m viz_transformer classroom`` as a teacher starts it, on
127.0.0.1 only, in its own process group (stopped for sure, kernels included), ready once it
says its warm pool is (the line a teacher waits for), and the memory of its kernel processes."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

from viz_transformer.classroom.progress import READY

HOST = "127.0.0.1"  # loopback only: the load never leaves this machine
START_TIMEOUT_S = 120.0
WARM_S_PER_KERNEL = 20.0  # on top of the start: a notebook takes 5-8 CPU-s here, 2 at once
KEPT_WARM = re.compile(r"(\d+) kept warm per notebook")  # the room's start-up line


@dataclass(frozen=True)
class Room:
    base_url: str
    process: subprocess.Popen
    log_path: Path
    pool: int | None = None  # warm kernels per notebook, as the room kept them
    warm_up_s: float | None = None  # from the command to the room's ready line (None: no pool)

    def kernels(self) -> list[psutil.Process]:
        """The room's kernel processes (children of the server running ipykernel)."""
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(child.cmdline()):
                    found.append(child)
        return found

    def kernel_memory(self) -> dict[str, float]:
        """Resident (RSS) and proportional (PSS: shared pages split between the processes
        sharing them) memory of the kernels, in MB, and of the server itself."""
        rss, pss = [], []
        for kernel in self.kernels():
            with contextlib.suppress(psutil.Error):
                info = kernel.memory_full_info()
                rss.append(info.rss / 2**20)
                pss.append(getattr(info, "pss", info.uss) / 2**20)
        server = psutil.Process(self.process.pid).memory_info().rss / 2**20
        return {
            "kernels": len(rss), "rss_total_mb": round(sum(rss)), "pss_total_mb": round(sum(pss)),
            "rss_per_kernel_mb": round(sum(rss) / len(rss)) if rss else 0,
            "pss_per_kernel_mb": round(sum(pss) / len(pss)) if pss else 0,
            "server_rss_mb": round(server),
            "available_mb": round(psutil.virtual_memory().available / 2**20),
        }  # fmt: skip

    def wait_for_kernels(self, at_most: int, timeout_s: float) -> float | None:
        """Seconds until no more than ``at_most`` kernels run (None: not within the timeout)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout_s:
            if len(self.kernels()) <= at_most:
                return time.monotonic() - start
            time.sleep(0.5)
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _printed(room: Room) -> str:
    return room.log_path.read_text(encoding="utf-8", errors="replace")


def _wait_until_ready(room: Room, began: float) -> Room:
    """The room once it has said that its pool is warm, with that pool and the seconds since
    ``began`` (a room without a pool is ready at once)."""
    pool = int(KEPT_WARM.search(_printed(room))[1])
    if pool == 0:
        return dataclasses.replace(room, pool=0)
    timeout_s = START_TIMEOUT_S + WARM_S_PER_KERNEL * pool
    while READY not in _printed(room):
        if room.process.poll() is not None or time.monotonic() - began > timeout_s:
            raise TimeoutError(f"the room's pool was not warm in {timeout_s:.0f} s; "
                               f"see {room.log_path}")  # fmt: skip
        time.sleep(0.25)
    return dataclasses.replace(room, pool=pool, warm_up_s=round(time.monotonic() - began, 1))


@contextlib.contextmanager
def classroom(notebook: Path, options: list[str], log_path: Path, pool: int) -> Iterator[Room]:
    """Start the classroom command serving ``notebook`` on a free loopback port, wait until it
    answers and says its warm pool is ready, and stop its whole process group afterwards."""
    port = free_port()
    argv = [sys.executable, "-m", "viz_transformer", "classroom", str(notebook),
            "--ip", HOST, "--port", str(port), "--pool", str(pool), *options]  # fmt: skip
    log_path.parent.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
    room = Room(f"http://{HOST}:{port}", process, log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(room.base_url + "/voila/static/voila.js"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the classroom did not start; see {log_path}")
            time.sleep(0.25)
        yield _wait_until_ready(room, began)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
