"""Row 5: peak memory of capturing every hook, every hook in float16, or one layer's weights.

Each measurement runs in its own process (``memory_probe``), because a process's peak
resident size only grows. The growth of the peak over the memory held before the pass is
reported, against a plain forward pass of the same inputs. Base encoder-decoder, source and
target of the same length. No target: the numbers size what a machine needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.measurement import Measurement

ROW = "5 peak memory of capture"
TOKENS = (1024, 2048)
CAPTURES = ("all", "all-float16", "one-layer-weights")
ROOT = Path(__file__).resolve().parents[1]


def measure(tokens=TOKENS) -> list[Measurement]:
    """One line per length and capture: peak growth in MiB, against the plain forward's."""
    lines = []
    for n in tokens:
        forward = run_probe(n, "none")
        for capture in CAPTURES:
            lines.append(_line(n, capture, run_probe(n, capture), forward))
    return lines


def run_probe(tokens: int, capture: str) -> dict[str, float]:
    """``memory_probe`` in a fresh interpreter; its JSON line as a dict."""
    command = [sys.executable, "-m", "benchmarks.memory_probe", str(tokens), capture]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(n: int, capture: str, probe: dict, forward: dict) -> Measurement:
    mib = 2**20
    return Measurement(
        ROW, f"base, {n} tokens, {capture}", "MiB", (probe["peak"] - probe["rss_before"]) / mib,
        (forward["peak"] - forward["rss_before"]) / mib, peer_name="our forward, no capture",
        note=f"cache.nbytes {probe['kept'] / mib:.0f} MiB (counts shared tensors twice; "
        f"estimated before the pass: {probe['estimated'] / mib:.0f}); "
        f"peak RSS {probe['peak'] / mib:.0f} MiB",
    )  # fmt: skip
