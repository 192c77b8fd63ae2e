"""The classroom load test still works: two students speaking the protocol for a few seconds
on a notebook holding only the tour's AttentionExplorer, every number of the report filled in, the JSON written and the closed tabs'
kernels reclaimed. (Its Chromium student takes half a minute more: it runs in the real
measurement, README "A class at once".)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.classroom_load.__main__ import REPO
from benchmarks.classroom_load.report import largest_served, percentile, table

EXPLORER = REPO / "tests" / "browser" / "fixtures" / "attention_explorer.ipynb"  # quick to run


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert percentile(values, 0.95) == 19 and percentile(values, 0.5) == 10
    assert percentile([3.0], 0.95) == 3 and percentile([], 0.95) is None


def test_two_students_on_an_explorer(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    argv = ["--students", "2", "--seconds", "4", "--pace", "1", "--arrive-within", "1",
            "--browsers", "0", "--out", str(out), "--notebook", str(EXPLORER)]  # fmt: skip
    # a command of its own: asyncio.run() cannot run inside a worker whose browser tests
    # (Playwright's sync API) left an event loop running
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.classroom_load", *argv],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    document = json.loads(out.read_text(encoding="utf-8"))
    run = document["runs"][0]
    assert run["students"] == 2 and run["browsers"] == 0
    assert run["failed"] == 0 and run["room_full"] == 0 and run["dropped_changes"] == 0
    for student in run["raw"]:
        assert student["kind"] == "protocol" and student["outcome"] == "ok"
        assert student["first_picture_s"] > 0 and len(student["latencies_s"]) >= 2
        assert all(
            0 < x <= y for x, y in zip(student["latencies_s"], student["idle_s"], strict=True)
        )
    assert run["memory"]["kernels"] >= 2 and run["memory"]["pss_per_kernel_mb"] > 50
    assert run["kernels_reclaimed_s"] is not None  # both tabs closed: back to the warm kernel
    assert "load average" in run["uptime_before"]
    assert largest_served(document["runs"]) in (None, 2)
    assert table(document["runs"]).count("\n") == 2
