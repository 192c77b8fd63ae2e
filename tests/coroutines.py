"""Run a coroutine to its end from a test, whatever the test's worker already runs."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T], timeout_s: float = 60) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own: in a worker whose browser tests ran
    (Playwright's sync API leaves an event loop running in the main thread) ``asyncio.run``
    refuses to start."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result(timeout=timeout_s)
