"""The results as a markdown table (printed, and pasted into docs/benchmarks.md) and as JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.measurement import Measurement

HEADER = ("row", "case", "unit", "ours", "peer", "peer value", "ours / peer", "target", "met",
          "note")  # fmt: skip


def number(value: float | None) -> str:
    """Three significant digits, thousands separated; "–" for a missing value."""
    if value is None or math.isnan(value):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def verdict(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: ""}[met]


def table(lines: Sequence[Measurement]) -> str:
    """A markdown table, one line per measurement."""
    rows = [HEADER, tuple("---" for _ in HEADER)]
    for m in lines:
        rows.append((m.row, m.case, m.unit, number(m.ours), m.peer_name, number(m.peer),
                     number(m.ratio), m.target, verdict(m.met), m.note))  # fmt: skip
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


def write_json(
    path: Path, machine: dict[str, Any], lines: Sequence[Measurement], seconds: float
) -> None:
    """The machine, the total run time and every measurement, for later comparison."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": machine,
        "seconds": round(seconds, 1),
        "results": [m.to_dict() for m in lines],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
