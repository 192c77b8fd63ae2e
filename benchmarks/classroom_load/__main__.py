"""``python -m benchmarks.classroom_load``: a class of N students on one classroom, for each N.

    python -m benchmarks.classroom_load --students 1 10 30 50 --seconds 75
    python -m benchmarks.classroom_load --students 50 --pool class   (a room prepared ahead)
    python -m benchmarks.classroom_load --students 2 --seconds 5 --browsers 0   (a quick check)

Each class meets a fresh room, started and left until it says its warm pool is ready (how long
that took is recorded) before the students arrive; ``--pool class`` keeps as many kernels warm
as the class has students, as a teacher who starts the room ahead of the lesson would.

Prints one table line per class size, writes every student's raw results to JSON
(``--out``, default ``benchmarks/results/classroom-load-<date>T<hour><minute>.json``, the
start in UTC: each run keeps its own file) and, with ``--readme``,
puts the table into the README's classroom section.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
from tornado.httpclient import AsyncHTTPClient

from .browser_student import browser_student
from .priority import clients_ahead
from .report import largest_served, raw, summary, table, update_readme, write_json
from .room import Room, classroom
from .student import StudentResult, protocol_student

REPO = Path(__file__).resolve().parents[2]
TOUR = REPO / "notebooks" / "en" / "00_tour.ipynb"
MAX_STUDENTS = 60  # bounds: the load stays a class, the run stays minutes
MAX_SECONDS = 600
RECLAIM_TIMEOUT_S = 30.0
CLASS_POOL = "class"


def pool_option(text: str) -> int | str:
    """``--pool``: a number of warm kernels (0 or more), or ``class`` (one per student)."""
    if text == CLASS_POOL:
        return text
    try:
        pool = int(text)
    except ValueError:
        pool = -1
    if pool < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: use 0 or more kernels, or {CLASS_POOL!r}")
    return pool


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.classroom_load",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("--students", type=int, nargs="+", default=[1, 10, 30, 50])
    parser.add_argument(
        "--seconds",
        type=float,
        default=75.0,
        help="how long each student changes controls after its first picture",
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=4.0,
        help="seconds between a student's changes (each drawn from ±50%%)",
    )
    parser.add_argument(
        "--arrive-within",
        type=float,
        default=10.0,
        help="students open the page spread over this many seconds",
    )
    parser.add_argument(
        "--browsers",
        type=int,
        default=1,
        help="students in a real Chromium (the others speak the protocol)",
    )
    parser.add_argument("--notebook", type=Path, default=TOUR)
    parser.add_argument(
        "--pool",
        type=pool_option,
        default=1,
        help=f"the classroom's --pool, or {CLASS_POOL!r}: as many warm kernels as students",
    )
    parser.add_argument(
        "--room-option",
        action="append",
        default=[],
        metavar="OPTION",
        help="another option for the classroom command (repeatable)",
    )
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--readme", action="store_true", help="put the table in README.md")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not all(1 <= n <= MAX_STUDENTS for n in args.students):
        parser.error(f"--students: 1 to {MAX_STUDENTS} each")
    if not 1 <= args.seconds <= MAX_SECONDS or args.pace < 0.5 or not 0 <= args.browsers <= 2:
        parser.error(f"--seconds 1..{MAX_SECONDS}, --pace 0.5 s or more, --browsers 0..2")
    return args


def uptime() -> str:
    """``uptime``'s line: who else loaded the machine while we measured."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


async def _with_browser(count: int, run):
    """Run ``run(browser)`` with a headless system Chromium (None when no browser is asked)."""
    if count == 0:
        return await run(None)
    from playwright.async_api import async_playwright

    from tests.browser.chromium import LAUNCH_ARGS, find_chromium

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=LAUNCH_ARGS
        )
        try:
            return await run(browser)
        finally:
            await browser.close()


class Roll:
    """Counts the students who have their first picture or gave up; ``all_in`` once all have."""

    def __init__(self, n: int) -> None:
        self.left = n
        self.all_in = asyncio.Event()

    def answer(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.all_in.set()


async def class_of(room: Room, n: int, args: argparse.Namespace):
    """``n`` students arriving over ``--arrive-within`` seconds, the first ``--browsers`` of
    them in Chromium; the kernels' memory is read once every student has a first picture."""
    AsyncHTTPClient.configure(None, max_clients=MAX_STUDENTS * 2)
    path = f"/voila/render/{args.notebook.name}"
    rng = random.Random(args.seed)
    roll = Roll(n)

    async def one(i: int, browser) -> StudentResult:
        await asyncio.sleep(i * args.arrive_within / n)
        if browser is not None and i < args.browsers:
            result = await browser_student(browser, room.base_url + path, args.seconds, args.pace,
                                           roll.answer)  # fmt: skip
        else:
            result = await protocol_student(room.base_url, path, args.seconds, args.pace,
                                            random.Random(rng.random()), roll.answer)  # fmt: skip
        if result.first_picture_s is None:
            roll.answer()  # gave up before a first picture
        return result

    async def run(browser) -> tuple[list[StudentResult], dict[str, Any]]:
        tasks = [asyncio.ensure_future(one(i, browser)) for i in range(n)]
        await roll.all_in.wait()
        memory = await asyncio.get_running_loop().run_in_executor(None, room.kernel_memory)
        return list(await asyncio.gather(*tasks)), memory

    return await _with_browser(min(args.browsers, n), run)


def measure(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """One class size on a fresh room: the summary, the raw results, the load around it."""
    log = REPO / "test-artifacts" / "classroom-load" / f"room-{n}.log"
    pool = n if args.pool == CLASS_POOL else args.pool
    with classroom(args.notebook, args.room_option, log, pool) as room:
        before = uptime()
        began = time.monotonic()
        with clients_ahead() as niceness:
            students, memory = asyncio.run(class_of(room, n, args))
        seconds = time.monotonic() - began
        reclaimed = room.wait_for_kernels(room.pool, RECLAIM_TIMEOUT_S)
        after = uptime()
    return {
        **summary(students), "pool_asked": pool, "pool": room.pool, "warm_up_s": room.warm_up_s,
        "memory": memory, "seconds": round(seconds, 1),
        "kernels_reclaimed_s": None if reclaimed is None else round(reclaimed, 1),
        "uptime_before": before, "uptime_after": after, "clients_niceness": niceness,
        "raw": raw(students),
    }  # fmt: skip


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "uptime_at_start": uptime(),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse(argv)
    date = datetime.datetime.now(datetime.timezone.utc)
    out = args.out or REPO / "benchmarks" / "results" / f"classroom-load-{date:%Y-%m-%dT%H%M}.json"
    document = {
        "date": date.isoformat(timespec="seconds"), "machine": machine(),
        "command": "python -m benchmarks.classroom_load " + " ".join(sys.argv[1:] if argv is None else argv),
        "notebook": args.notebook.name, "pool": args.pool,
        "seconds_of_changes": args.seconds, "pace_s": args.pace,
        "arrive_within_s": args.arrive_within, "runs": [],
    }  # fmt: skip
    for n in args.students:
        document["runs"].append(measure(n, args))
        document["largest_served"] = largest_served(document["runs"])
        # after each size: a long run stopped early keeps its numbers
        write_json(out, document)
        if args.readme:
            update_readme(REPO / "README.md", table(document["runs"]))
        print(table(document["runs"]), flush=True)
    print(f"largest class with p95 control latency < 1 s: {document['largest_served']}")
    print(f"raw results: {out}")
    return document


if __name__ == "__main__":
    main()
