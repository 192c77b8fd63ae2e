"""Row 1: our forward pass without capture against torch.nn.Transformer, same sizes and weights.

Encoder-decoder, eval mode, no_grad, no padding, causal target mask (torch gets its float
causal mask with ``tgt_is_causal=True``). Target: ours ≤ 1.1 × torch.
"""

from __future__ import annotations

import torch

from benchmarks.configs import LENGTHS, our_model, random_ids
from benchmarks.measurement import Measurement
from benchmarks.timing import time_pair
from benchmarks.torch_reference import TorchSeq2Seq, max_difference

ROW = "1 forward vs torch.nn.Transformer"
TARGET = 1.1


def measure(sizes: tuple[str, ...] = ("tiny", "base"), lengths=LENGTHS) -> list[Measurement]:
    """One line per model size and length: median ms of ours and torch, and their ratio."""
    lines = []
    for size in sizes:
        ours = our_model(size)
        ref = TorchSeq2Seq(ours)
        difference = max_difference(ours, ref, random_ids(16), random_ids(16, seed=1))
        for length in lengths:
            lines.append(_line(ours, ref, size, length, difference))
    return lines


def _line(ours, ref, size: str, length: int, difference: float) -> Measurement:
    src, tgt = random_ids(length), random_ids(length, seed=1)
    with torch.no_grad():
        timing = time_pair(lambda: ours(src, tgt), lambda: ref(src, tgt))
    return Measurement(
        ROW, f"{size}, {length} tokens", "ms", *timing.milliseconds,
        peer_name="torch.nn.Transformer", target=f"≤ {TARGET}×", met=timing.ratio <= TARGET,
        note=f"{timing.note}; largest logit difference {difference:.1e}",
    )  # fmt: skip
