"""The benchmark: every row side by side, one table, one JSON file.

    python -m benchmarks [--out PATH] [--rows 1,3] [--quick]
    python benchmarks/run.py ...         (the same, run as a file)

Threads are fixed (``machine.THREADS``); each row warms up, alternates ours and the peer, and
reports medians and their ratio. ``--quick`` runs each row at its smallest size only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if not __package__:  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import row_capture, row_forward, row_interaction, row_lens, row_memory
from benchmarks.machine import describe, fix_threads, load_average
from benchmarks.measurement import Measurement
from benchmarks.report import table, write_json

ROWS: dict[str, Callable[..., list[Measurement]]] = {
    "1": row_forward.measure,
    "2": row_capture.measure,
    "3": row_lens.measure,
    "4": row_interaction.measure,
    "5": row_memory.measure,
}
QUICK = {
    "1": {"sizes": ("tiny",), "lengths": (64,)},
    "2": {"sizes": ("tiny",), "lengths": (64,)},
    "3": {"lengths": (64,)},
    "4": {"tokens": (128,), "repeats": 2},
    "5": {"tokens": (256,)},
}
DEFAULT_OUT = Path(__file__).resolve().parent / "results.json"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON")
    parser.add_argument("--rows", default=",".join(ROWS), help="which rows, e.g. 1,3")
    parser.add_argument("--quick", action="store_true", help="smallest size of each row only")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the chosen rows, print the table, write the JSON."""
    args = parse(argv)
    fix_threads()
    machine = describe()
    start, lines = time.perf_counter(), []
    for key in args.rows.split(","):
        row_start = time.perf_counter()
        lines += ROWS[key](**(QUICK[key] if args.quick else {}))
        print(f"row {key} done in {time.perf_counter() - row_start:.0f} s", file=sys.stderr)
    machine["load_average_after"] = load_average()
    print(table(lines))
    write_json(args.out, machine, lines, time.perf_counter() - start)
    print(f"\n{len(lines)} measurements in {time.perf_counter() - start:.0f} s → {args.out}")


if __name__ == "__main__":
    main()
