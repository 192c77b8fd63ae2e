"""The classroom load test still works: two students speaking the protocol for a few seconds
on a notebook holding only the tour's AttentionExplorer, every number of the report filled in, the JSON written and the closed tabs'
kernels reclaimed. (Its Chromium student takes half a minute more: it runs in the real
measurement, README "A class at once".) A student put in line follows the waiting page as a
browser does: checked against a stand-in room that answers with the real waiting page; one
still in line when its wait runs out is reported as still waiting, not as a failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tornado.httpclient import HTTPRequest, HTTPResponse
from tornado.httpserver import HTTPServer
from tornado.httputil import HTTPHeaders
from tornado.testing import bind_unused_port
from tornado.web import Application, RequestHandler

from benchmarks.classroom_load.__main__ import REPO, parse
from benchmarks.classroom_load.priority import CLIENTS_NICENESS, clients_ahead
from benchmarks.classroom_load.report import largest_served, percentile, summary, table
from benchmarks.classroom_load.student import (
    STILL_WAITING,
    StudentResult,
    cookies_of,
    is_waiting_page,
    open_lesson,
    refresh_delay,
)
from tests.coroutines import run_coroutine
from viz_transformer.classroom import pages
from viz_transformer.classroom.queue import TICKET_COOKIE

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
    # read once both have a first picture: the first may have closed its tab by then, and the
    # refill waits for the second's notebook (one gate for both)
    assert run["memory"]["kernels"] >= 1 and run["memory"]["pss_per_kernel_mb"] > 50
    assert run["kernels_reclaimed_s"] is not None  # both tabs closed: back to the warm kernel
    assert run["pool"] == run["pool_asked"] == 1 and 0 < run["warm_up_s"] < 120
    assert "load average" in run["uptime_before"]
    assert largest_served(document["runs"]) in (None, 2)
    assert table(document["runs"]).count("\n") == 2


def test_the_pool_is_a_number_or_one_per_student(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse(["--pool", "class"]).pool == "class" and parse(["--pool", "3"]).pool == 3
    for bad in ("-1", "many"):
        with pytest.raises(SystemExit):
            parse(["--pool", bad])
        assert "use 0 or more kernels, or 'class'" in capsys.readouterr().err


def test_the_waiting_page_is_told_from_the_full_room_page() -> None:
    ticket = f"{TICKET_COOKIE}=abc; Path=/; HttpOnly"
    assert is_waiting_page(503, ["_xsrf=x; Path=/", ticket])
    assert not is_waiting_page(503, ["_xsrf=x; Path=/"])  # the full-room page sets no ticket
    assert not is_waiting_page(200, [ticket])
    assert refresh_delay(pages.waiting(4, 3).encode()) == 3.0


def test_cookies_are_kept_updated_and_cleared_as_a_browser_does() -> None:
    headers = HTTPHeaders()
    headers.add("Set-Cookie", "_xsrf=new; Path=/")
    headers.add("Set-Cookie", f'{TICKET_COOKIE}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT')
    response = HTTPResponse(HTTPRequest("http://room/"), 200, headers=headers)
    sent = cookies_of(response, f"user=u1; _xsrf=old; {TICKET_COOKIE}=t1")
    assert sent == "user=u1; _xsrf=new"


class StandInLesson(RequestHandler):
    """The room's answers to one student: the waiting page twice (a ticket, no delay), then
    the lesson to the reload that shows the ticket."""

    shown = 0

    def get(self) -> None:
        if StandInLesson.shown < 2:
            assert StandInLesson.shown == 0 or self.get_cookie(TICKET_COOKIE) == "t1"
            StandInLesson.shown += 1
            self.set_status(503)
            self.set_cookie(TICKET_COOKIE, "t1")
            self.finish(pages.waiting(ahead=2 - StandInLesson.shown, refresh_s=0))
            return
        assert self.get_cookie(TICKET_COOKIE) == "t1"
        self.clear_cookie(TICKET_COOKIE)
        self.finish("the lesson")


def visit(handler: type[RequestHandler]) -> tuple[StudentResult, int, bytes, str]:
    """One student opening ``/lesson`` on a stand-in room answering with ``handler``: its
    result, the last answer's status and body, and the cookies sent with it."""

    async def go() -> tuple[StudentResult, int, bytes, str]:
        sock, port = bind_unused_port()
        server = HTTPServer(Application([("/lesson", handler)]))
        server.add_sockets([sock])
        result = StudentResult("protocol")
        try:
            response, status, cookie = await open_lesson(f"http://127.0.0.1:{port}", "/lesson",
                                                         result)  # fmt: skip
        finally:
            server.stop()
        return result, status, response.body, cookie

    return run_coroutine(go())


def test_a_student_in_line_reloads_with_its_ticket_until_the_lesson() -> None:
    result, status, body, cookie = visit(StandInLesson)
    assert (status, body) == (200, b"the lesson")
    assert cookie == f"{TICKET_COOKIE}=t1"  # the request the lesson answered showed the ticket
    assert result.outcome == "ok" and result.waiting_pages == 2 and result.waited_s > 0
    counted = summary([result, StudentResult("protocol")])
    assert counted["waited"] == 1 and counted["longest_wait_s"] == round(result.waited_s, 3)


class EndlessLine(RequestHandler):
    """A room whose line never moves: the waiting page, reloaded at once, every time."""

    def get(self) -> None:
        self.set_status(503)
        self.set_cookie(TICKET_COOKIE, "t1")
        self.finish(pages.waiting(ahead=1, refresh_s=0, cpu_busy=True))


def test_a_student_still_in_line_at_the_end_is_reported_as_waiting_not_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("benchmarks.classroom_load.student.LINE_TIMEOUT_S", 0.3)
    waiting, status, _, _ = visit(EndlessLine)
    assert status == 503 and waiting.outcome == STILL_WAITING
    assert waiting.first_picture_s is None and waiting.waited_s > 0.2  # its last reload
    failed = StudentResult("protocol", outcome="page answered 500")
    run = summary([waiting, failed, StudentResult("protocol")])
    assert (run["still_waiting"], run["failed"], run["failures"]) == (1, 1, ["page answered 500"])
    assert run["waited"] == 1 and run["longest_wait_s"] > 0.2
    run.update(memory={"pss_per_kernel_mb": 300, "rss_per_kernel_mb": 400}, pool_asked=50,
               pool=42, warm_up_s=181.25)  # fmt: skip
    assert table([run]).splitlines()[-1].startswith("| 3 | 42 (of 50), 181.25 |")
    assert table([run]).splitlines()[-1].endswith(", 1 |")  # the line's last column: 1 of them
    run.update(failed=0, control_latency_s={**run["control_latency_s"], "p95": 0.2})
    assert largest_served([run]) is None  # one of the three never got the lesson
    assert largest_served([{**run, "still_waiting": 0}]) == 3


def test_the_students_run_ahead_of_the_room_while_a_class_is_measured() -> None:
    """A starved Chromium timing out on a page already served would measure the clients; the
    benchmark raises its own priority for the class and gives it back after."""
    before = os.getpriority(os.PRIO_PROCESS, 0)
    with clients_ahead() as niceness:
        assert os.getpriority(os.PRIO_PROCESS, 0) == niceness
        assert niceness == CLIENTS_NICENESS or os.geteuid() != 0
    assert os.getpriority(os.PRIO_PROCESS, 0) == before
