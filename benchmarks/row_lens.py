"""Row 3: our decoder-only ``run_with_cache`` against TransformerLens's, every hook cached.

Identical sizes (d_model 512, 8 heads, 6 layers, d_ff 2048, learned positions, pre-norm),
random weights, the same ids, both under no_grad. Target: ours faster (ratio < 1).
"""

from __future__ import annotations

import torch

from benchmarks.configs import LENGTHS, MAX_LEN, our_model, random_ids
from benchmarks.lens_peer import INSTALL, lens_model, lens_version
from benchmarks.measurement import Measurement
from benchmarks.timing import time_pair

ROW = "3 decoder-only run_with_cache vs TransformerLens"


def measure(lengths=LENGTHS) -> list[Measurement]:
    """One line per length: median ms of both caches of every hook, and their ratio."""
    version = lens_version()
    if version is None:
        return [Measurement(ROW, "skipped", "ms", float("nan"), note=f"install: {INSTALL}")]
    ours = our_model("base", shape="decoder-only", norm="pre", positional="learned")
    lens = lens_model(ours, n_ctx=MAX_LEN)
    return [_line(ours, lens, length, version) for length in lengths]


def _line(ours, lens, length: int, version: str) -> Measurement:
    ids = random_ids(length)
    counts = (len(ours.run_with_cache(ids)), len(_lens_cache(lens, ids)))
    params = sum(p.numel() for p in ours.parameters())

    timing = time_pair(lambda: ours.run_with_cache(ids), lambda: _lens_cache(lens, ids))
    return Measurement(
        ROW, f"base decoder-only, {length} tokens", "ms", *timing.milliseconds,
        peer_name=f"TransformerLens {version}", target="< 1×", met=timing.ratio < 1,
        note=f"{timing.note}; {params / 1e6:.1f} M parameters each; "
        f"hooks cached: ours {counts[0]}, theirs {counts[1]}",
    )  # fmt: skip


def _lens_cache(lens, ids):
    with torch.no_grad():
        _, cache = lens.run_with_cache(ids)
    return cache
