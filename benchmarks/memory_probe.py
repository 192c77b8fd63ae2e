"""One peak-memory measurement, run in a fresh process so its peak is its own.

``python -m benchmarks.memory_probe TOKENS CAPTURE`` builds the base encoder-decoder, runs it
on TOKENS source and target tokens with CAPTURE (see ``CAPTURES``), and prints one JSON
line: resident memory before the pass, the process's peak (which, unlike tracemalloc, sees
torch's allocations), the bytes the cache keeps and the estimate made before the pass.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import resource
import sys

import psutil
import torch

from benchmarks.configs import our_model, random_ids
from benchmarks.machine import fix_threads
from viz_transformer.hooks.memory import estimate_capture_bytes

ONE_LAYER = "encoder.layers.0.self_attn.hook_weights"
CAPTURES = {  # name → (hook names, dtype); None: a plain forward pass, nothing kept
    "none": None,
    "all": (None, None),
    "all-float16": (None, torch.float16),
    "one-layer-weights": ([ONE_LAYER], None),
}


def probe(tokens: int, capture: str) -> dict[str, float]:
    """Run once and report bytes: rss_before, peak, kept and estimated."""
    fix_threads()
    model = our_model("base")
    src, tgt = random_ids(tokens), random_ids(tokens, seed=1)
    release_free_heap()
    before = psutil.Process().memory_info().rss
    kept = estimated = 0
    if CAPTURES[capture] is None:
        with torch.no_grad():
            model(src, tgt)
    else:
        names, dtype = CAPTURES[capture]
        wanted = model.hook_names if names is None else names
        sizes = {"batch": 1, "src": tokens, "tgt": tokens}
        estimated = estimate_capture_bytes(model, wanted, sizes, dtype)
        kept = model.run_with_cache(src, tgt, names=names, dtype=dtype).nbytes
    return {"rss_before": before, "peak": peak_rss(), "kept": kept, "estimated": estimated}


def peak_rss() -> int:
    """This process's peak resident bytes: VmHWM, which starts afresh at exec. (getrusage's
    maxrss does not: a child inherits its parent's, and the runner is large by row 5.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def release_free_heap() -> None:
    """Hand freed heap pages back to the system (glibc), so the baseline is live memory only."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: some freed memory stays
        ctypes.CDLL("libc.so.6").malloc_trim(0)


if __name__ == "__main__":
    print(json.dumps(probe(int(sys.argv[1]), sys.argv[2])))
