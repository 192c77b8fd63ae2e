"""Row 2: ``run_with_cache`` of every hook against our own forward without capture.

Same model, same inputs; capturing scores or weights switches attention from the fused kernel to
the explicit softmax(QKᵀ/√d_k)V, so this row prices both the copies and that switch.
Target: ≤ 1.3 × the forward.
"""

from __future__ import annotations

import torch

from benchmarks.configs import LENGTHS, our_model, random_ids
from benchmarks.measurement import Measurement
from benchmarks.timing import time_pair

ROW = "2 run_with_cache(all hooks) vs forward"
TARGET = 1.3


def measure(sizes: tuple[str, ...] = ("tiny", "base"), lengths=LENGTHS) -> list[Measurement]:
    """One line per model size and length: median ms with and without capture, and the ratio."""
    lines = []
    for size in sizes:
        model = our_model(size)
        for length in lengths:
            lines.append(_line(model, size, length))
    return lines


def _line(model, size: str, length: int) -> Measurement:
    src, tgt = random_ids(length), random_ids(length, seed=1)
    cache = model.run_with_cache(src, tgt)

    def forward() -> None:
        with torch.no_grad():
            model(src, tgt)

    timing = time_pair(lambda: model.run_with_cache(src, tgt), forward)
    return Measurement(
        ROW, f"{size}, {length} tokens", "ms", *timing.milliseconds,
        peer_name="our forward, no capture", target=f"≤ {TARGET}×", met=timing.ratio <= TARGET,
        note=f"{timing.note}; {len(cache)} hooks, {cache.nbytes / 2**20:.0f} MiB kept",
    )  # fmt: skip
