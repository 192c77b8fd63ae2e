"""The students' side runs ahead of the room on the CPU.

In a classroom each student's browser runs on the student's own device; here the students
share the room's two cores. When the class saturates them, a starved Chromium times out on a
page the room has already served: the test would measure its own clients. So, while a class is
measured, the benchmark's process (the protocol students, and the Playwright driver and
Chromium it starts) runs at a higher priority than the room and its kernels, which were started
before and keep the default.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress

CLIENTS_NICENESS = -5  # below the room's 0: the scheduler serves the clients first


@contextmanager
def clients_ahead() -> Iterator[int]:
    """Run the body at :data:`CLIENTS_NICENESS`; yields the niceness in effect (the default
    when the system refuses, e.g. without root), and restores the previous one after."""
    before = os.getpriority(os.PRIO_PROCESS, 0)
    with suppress(PermissionError):
        os.setpriority(os.PRIO_PROCESS, 0, CLIENTS_NICENESS)
    try:
        yield os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        with suppress(PermissionError):
            os.setpriority(os.PRIO_PROCESS, 0, before)
