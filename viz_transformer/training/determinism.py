"""Seeded, deterministic training on the CPU, and the global torch state put back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch


@contextmanager
def deterministic(seed: int, threads: int | None = None) -> Iterator[None]:
    """Seed torch, insist on deterministic kernels and (optionally) fix the thread count.

    With the same seed, thread count and number of steps, two runs give the same weights.
    The previous settings come back when the block ends, so callers' code is unaffected.
    """
    previous_flag = torch.are_deterministic_algorithms_enabled()
    previous_threads = torch.get_num_threads()
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(previous_flag)
        torch.set_num_threads(previous_threads)
