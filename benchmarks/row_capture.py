"""Row 2: ``run_with_cache`` of every hook against our own forward without capture.

Same model, same inputs; capturing scores or weights switches attention from the fused kernel to
the explicit softmax(QKᵀ/√d_k)V, so this row prices both the copies and that switch.
Target: ≤ 1.3 × the forward. For scale, the base model also captures what a picture needs:
one layer's attention weights (no target).
"""

from __future__ import annotations

import torch

from benchmarks.configs import LENGTHS, our_model, random_ids
from benchmarks.measurement import Measurement
from benchmarks.timing import time_pair

ROW = "2 run_with_cache vs forward"
TARGET = 1.3
ONE_LAYER = "encoder.layers.0.self_attn.hook_weights"


def measure(sizes: tuple[str, ...] = ("tiny", "base"), lengths=LENGTHS) -> list[Measurement]:
    """Per model size and length: every hook (and, for the base model, one layer's weights)."""
    lines = []
    for size in sizes:
        model = our_model(size)
        for length in lengths:
            lines.append(_line(model, size, length, names=None))
            if size == "base":
                lines.append(_line(model, size, length, names=ONE_LAYER))
    return lines


def _line(model, size: str, length: int, names: str | None) -> Measurement:
    src, tgt = random_ids(length), random_ids(length, seed=1)
    cache = model.run_with_cache(src, tgt, names=names)

    def forward() -> None:
        with torch.no_grad():
            model(src, tgt)

    timing = time_pair(lambda: model.run_with_cache(src, tgt, names=names), forward)
    every = names is None
    return Measurement(
        ROW, f"{size}, {length} tokens, {'all hooks' if every else 'one layer weights'}", "ms",
        *timing.milliseconds, peer_name="our forward, no capture",
        target=f"≤ {TARGET}×" if every else "", met=timing.ratio <= TARGET if every else None,
        note=f"{timing.note}; kept {len(cache)} of {len(model.hook_names)} hooks, "
        f"{cache.nbytes / 2**20:.0f} MiB",
    )  # fmt: skip
