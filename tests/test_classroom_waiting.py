"""A real room that runs one notebook at a time (``--concurrent-starts 1``, no warm kernel): of
two students opening the lesson at once, one gets it and the other the waiting page at once,
whose reloads (with its ticket cookie) open the lesson once the first page has run. A page
whose cell fails gives its slot back too. In a room whose CPU always counts as busy
(``--start-below-cpu 0``), the second student waits though a slot is free, and is told why.
Plain HTTP requests, no browser."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.request import HTTPCookieProcessor

import pytest
from browser.jupyter_env import isolated_env
from browser.servers import free_port, running
from test_classroom_security import Answer, Room, Student, notebook

from viz_transformer.classroom.queue import TICKET_COOKIE
from viz_transformer.classroom.server import WAIT_REFRESH_S

MARKER = "lesson-output-51c2"
LESSON_RUNS_S = 2  # the lesson's notebook sleeps this long: the second student must wait
WAIT_TIMEOUT_S = 60


def open_room(tmp: Path, *options: str) -> Iterator[Room]:
    """A room serving a lesson whose notebook takes ``LESSON_RUNS_S`` and one whose cell fails,
    without warm kernels, with the command's ``options``."""
    (tmp / "lesson.ipynb").write_text(
        notebook(f"import time\ntime.sleep({LESSON_RUNS_S})", f"print({MARKER!r})"),
        encoding="utf-8",
    )
    (tmp / "broken.ipynb").write_text(notebook("1 / 0"), encoding="utf-8")
    port = free_port()
    argv = [
        *(sys.executable, "-m", "viz_transformer", "classroom"),
        *(str(tmp / "lesson.ipynb"), str(tmp / "broken.ipynb")),
        *("--ip", "127.0.0.1", "--port", str(port), "--pool", "0", *options),
    ]
    with running(argv, port=port, token="", ready_path="/voila/static/voila.js",
                 env=isolated_env(tmp), log_path=tmp / "room.log") as server:  # fmt: skip
        yield Room(server, tmp, tmp)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from open_room(tmp_path_factory.mktemp("waiting"), "--concurrent-starts", "1")


@pytest.fixture(scope="module")
def busy_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    options = ("--concurrent-starts", "2", "--start-below-cpu", "0")
    yield from open_room(tmp_path_factory.mktemp("busy"), *options)


def two_at_once(url: str) -> tuple[Answer, Student, Answer]:
    """Two students open ``url`` together: the lesson one got, and the other with its answer."""
    students = [Student(), Student()]
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda student: student.get(url), students))
    assert sorted(a.status for a in answers) == [200, 503], [a.status for a in answers]
    served = next(a for a in answers if a.status == 200)
    assert MARKER in served.body
    waiting = next(a for a in answers if a.status == 503)
    return served, students[answers.index(waiting)], waiting


def cookie_names(student: Student) -> set[str]:
    (jar,) = (h.cookiejar for h in student.opener.handlers if isinstance(h, HTTPCookieProcessor))
    return {cookie.name for cookie in jar}


def reload_until_served(student: Student, url: str) -> tuple[Answer, list[Answer]]:
    """Reload as the waiting page does (its cookies sent) until the lesson comes."""
    seen = []
    deadline = time.monotonic() + WAIT_TIMEOUT_S
    while time.monotonic() < deadline:
        answer = student.get(url)
        if answer.status != 503:
            return answer, seen
        seen.append(answer)
        time.sleep(0.5)  # faster than the page's own reload: the test stays short
    raise AssertionError(f"still waiting after {WAIT_TIMEOUT_S} s")


def test_the_second_of_two_students_waits_in_line_then_gets_the_lesson(room: Room) -> None:
    url = room.url("/voila/render/lesson.ipynb")
    _, second, waiting = two_at_once(url)
    assert waiting.headers["Retry-After"] == str(WAIT_REFRESH_S)
    assert f'<meta http-equiv="refresh" content="{WAIT_REFRESH_S}">' in waiting.body
    for text in ("Your lesson is being prepared", "You are next", "opens by itself",
                 "正在准备你的课程", "下一个就是你"):  # fmt: skip
        assert text in waiting.body, text
    assert "<script" not in waiting.body and "://" not in waiting.body
    assert "busy with the class's pictures" not in waiting.body  # the one slot is the reason
    assert TICKET_COOKIE in cookie_names(second)
    lesson, reloads = reload_until_served(second, url)
    assert lesson.status == 200 and MARKER in lesson.body
    assert all("You are next" in r.body for r in reloads)  # the ticket kept its place
    assert TICKET_COOKIE not in cookie_names(second)  # served: the ticket is spent
    printed = Path(room.server.log_path).read_text(encoding="utf-8")
    assert "1 page(s) run their notebook at once" in printed


def test_a_busy_cpu_keeps_the_second_student_waiting_though_a_slot_is_free(
    busy_room: Room,
) -> None:
    url = busy_room.url("/voila/render/lesson.ipynb")
    _, second, waiting = two_at_once(url)  # the first went: no notebook was running
    for text in ("busy with the class's pictures", "You are next", "正忙着", "下一个就是你"):
        assert text in waiting.body, text
    lesson, _ = reload_until_served(second, url)  # no notebook running: first in line goes
    assert lesson.status == 200 and MARKER in lesson.body
    printed = Path(busy_room.server.log_path).read_text(encoding="utf-8")
    assert "2 page(s) run their notebook at once while the CPU is less than 0% busy" in printed


def test_a_page_whose_cell_fails_gives_its_slot_back(room: Room) -> None:
    student = Student()
    failed = student.get(room.url("/voila/render/broken.ipynb"))
    assert failed.status == 200 and "Tell your teacher" in failed.body
    lesson = student.get(room.url("/voila/render/lesson.ipynb"))
    assert lesson.status == 200 and MARKER in lesson.body  # not the waiting page
