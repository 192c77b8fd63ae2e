"""The load test's numbers: per class size, summaries of what its students saw, a markdown
table (printed and put in the README) and the raw results as JSON."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .student import STILL_WAITING, StudentResult

NOT_FAILED = ("ok", "room full", STILL_WAITING)  # outcomes that are no failure of the room

LATENCY_TARGET_S = 1.0  # p95 of control changes: a slider that answers within a second
README_START, README_END = "<!-- classroom-load:start -->", "<!-- classroom-load:end -->"


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` 0.95 = p95); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(students: list[StudentResult]) -> dict[str, Any]:
    """What a class of ``len(students)`` saw, over all of its students."""
    firsts = [s.first_picture_s for s in students if s.first_picture_s is not None]
    waited = [s.waited_s for s in students if s.waiting_pages]
    latencies = [x for s in students for x in s.latencies_s]
    return {
        "students": len(students),
        "browsers": sum(s.kind == "browser" for s in students),
        "first_picture_s": {"median": _round(statistics.median(firsts) if firsts else None),
                            "p95": _round(percentile(firsts, 0.95)),
                            "worst": _round(max(firsts) if firsts else None)},
        "control_latency_s": {"median": _round(statistics.median(latencies) if latencies else None),
                              "p95": _round(percentile(latencies, 0.95)),
                              "worst": _round(max(latencies) if latencies else None),
                              "changes": len(latencies)},
        "browser": _browser(students),
        "failed": sum(s.outcome not in NOT_FAILED for s in students),
        "room_full": sum(s.outcome == "room full" for s in students),
        "dropped_changes": sum(s.dropped for s in students),
        "waited": len(waited),  # students who were shown the waiting page
        "longest_wait_s": _round(max(waited) if waited else None),
        "still_waiting": sum(s.outcome == STILL_WAITING for s in students),  # never got in
        "failures": sorted({s.outcome for s in students} - set(NOT_FAILED)),
    }  # fmt: skip


def _browser(students: list[StudentResult]) -> dict[str, Any]:
    """What the Chromium students saw: first pictures, and changes redrawn of those made."""
    seen = [s for s in students if s.kind == "browser"]
    redrawn = [x for s in seen for x in s.latencies_s]
    return {
        "first_picture_s": [_round(s.first_picture_s) for s in seen],
        "changes_redrawn": len(redrawn),
        "changes_made": len(redrawn) + sum(s.dropped for s in seen),
        "redraw_median_s": _round(statistics.median(redrawn) if redrawn else None),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def largest_served(runs: list[dict[str, Any]]) -> int | None:
    """The largest class size whose students all got their lesson (none failed, found the room
    full or was still waiting at the end) with p95 control latency under target."""
    good = [
        r["students"] for r in runs
        if r["failed"] == 0 and r["room_full"] == 0 and r["still_waiting"] == 0
        and (r["control_latency_s"]["p95"] or math.inf) < LATENCY_TARGET_S
    ]  # fmt: skip
    return max(good, default=None)


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(runs: list[dict[str, Any]]) -> str:
    """One line per class size."""
    lines = [
        "| students | warm kernels, warmed in (s) | first picture, median / p95 / worst (s) "
        "| control change, median / p95 (s) | changes | failed / room full / dropped | kernel memory per student, PSS (RSS) "
        "| in Chromium: first picture (s), changes redrawn "
        "| waited in line: students, longest (s), still waiting at the end |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in sorted(runs, key=lambda run: run["students"]):
        first, change, memory = r["first_picture_s"], r["control_latency_s"], r["memory"]
        lines.append(
            f"| {r['students']} | {_pool_cell(r)} | {_s(first['median'])} / "
            f"{_s(first['p95'])} / {_s(first['worst'])} | {_s(change['median'])} / {_s(change['p95'])} | "
            f"{change['changes']} | {r['failed']} / {r['room_full']} / {r['dropped_changes']} | "
            f"{memory['pss_per_kernel_mb']} MB ({memory['rss_per_kernel_mb']} MB) | "
            f"{_browser_cell(r['browser'])} | {r['waited']}, {_s(r['longest_wait_s'])}, "
            f"{r['still_waiting']} |"
        )
    return "\n".join(lines)


def _pool_cell(run: dict[str, Any]) -> str:
    """The warm pool the class found, how long the room took to warm it, and the pool asked
    for when the room lowered it (not enough memory)."""
    lowered = f" (of {run['pool_asked']})" if run["pool"] != run["pool_asked"] else ""
    return f"{run['pool']}{lowered}, {_s(run['warm_up_s'])}"


def _browser_cell(browser: dict[str, Any]) -> str:
    if not browser["first_picture_s"]:
        return "–"
    firsts = ", ".join(_s(x) for x in browser["first_picture_s"])
    return f"{firsts}; {browser['changes_redrawn']} of {browser['changes_made']}"


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def raw(students: list[StudentResult]) -> list[dict[str, Any]]:
    return [asdict(s) for s in students]


def update_readme(readme: Path, text: str) -> None:
    """Replace what stands between the README's classroom-load markers with ``text``."""
    content = readme.read_text(encoding="utf-8")
    head, rest = content.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{text}\n{README_END}{tail}", encoding="utf-8")
