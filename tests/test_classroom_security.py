"""Classroom mode probed as a student on the room's network would (loopback only): a real room
serving two of the three notebooks of a folder, behind a join code, with at most two kernels
culled three seconds after their page is gone. Plain HTTP requests, no browser.

Probes: listings (``/``, ``/voila/tree``, the contents API), a notebook not chosen, files beside
or outside the chosen ones, no code, a wrong code, the right code, one load more than the cap,
a closed page's kernel, and a notebook whose cell fails (no server path reaches the page).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from browser.jupyter_env import isolated_env
from browser.servers import Server, free_port, running

CODE = "test-room-42"
MAX_KERNELS = 2
CULL_AFTER_S = 3
LESSON_MARKER = "lesson-output-7f3a"  # printed by the chosen notebook: the page rendered
SECRET = "secret-4b1c"  # in every file a student must not reach


def notebook(*sources: str) -> str:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in sources
    ]
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5})


@dataclass
class Room:
    server: Server
    folder: Path  # the teacher's folder (the room serves lesson and broken from it)
    outside: Path  # a file elsewhere on the disk

    def url(self, path: str) -> str:
        return self.server.base_url + path

    def kernels(self) -> int:
        """Kernels running under the room's server right now (its child processes)."""
        count = 0
        for child in psutil.Process(self.server.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):  # gone, or a zombie: not a running kernel
                count += "ipykernel" in " ".join(child.cmdline())
        return count


@dataclass
class Answer:
    status: int
    url: str  # after redirects
    body: str
    headers: dict[str, str]


class Student:
    """A browser without JavaScript: cookies, redirects, any status kept."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str, data: dict[str, str] | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        if data is not None:  # a form: read the anti-forgery token the page's form carries
            form = self.get(url).body
            body += b"&_xsrf=" + re.search(r'name="_xsrf" value="([^"]+)"', form)[1].encode()
        try:
            with self.opener.open(url, data=body, timeout=120) as response:
                return Answer(
                    response.status, response.url, response.read().decode(), dict(response.headers)
                )
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.url, error.read().decode(), dict(error.headers))


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    tmp = tmp_path_factory.mktemp("classroom")
    folder = tmp / "lessons"
    folder.mkdir()
    (folder / "lesson.ipynb").write_text(notebook(f"print({LESSON_MARKER!r})"), encoding="utf-8")
    (folder / "broken.ipynb").write_text(
        notebook("import json\njson.loads('{')", "print('after')"), encoding="utf-8"
    )
    (folder / "unchosen.ipynb").write_text(notebook(f"print({SECRET!r})"), encoding="utf-8")
    (folder / "beside.png").write_bytes(b"\x89PNG" + SECRET.encode())
    outside = tmp / "outside.png"
    outside.write_bytes(b"\x89PNG" + SECRET.encode())
    port = free_port()
    argv = [
        *(sys.executable, "-m", "viz_transformer", "classroom"),
        *(str(folder / "lesson.ipynb"), str(folder / "broken.ipynb")),
        *("--ip", "127.0.0.1", "--port", str(port), "--code", CODE, "--pool", "0"),
        *("--max-kernels", str(MAX_KERNELS), "--cull-after", str(CULL_AFTER_S)),
    ]
    env = isolated_env(tmp)
    with running(
        argv,
        port=port,
        token="",
        ready_path="/voila/static/voila.js",
        env=env,
        log_path=tmp / "classroom.log",
    ) as server:
        yield Room(server, folder, outside)


@pytest.fixture
def student(room: Room) -> Student:
    """A student who typed the right code on the join page."""
    student = Student()
    answer = student.get(room.url("/login?next=%2F"), {"code": CODE.upper().replace("-", " ")})
    assert answer.status == 200 and answer.url == room.url("/"), answer.body
    return student


def wait_for_no_kernels(room: Room, timeout_s: float) -> float:
    start = time.monotonic()
    while room.kernels() and time.monotonic() - start < timeout_s:
        time.sleep(0.25)
    assert room.kernels() == 0, f"kernels still running after {timeout_s} s"
    return time.monotonic() - start


def test_without_the_code_every_page_asks_for_it(room: Room) -> None:
    for path in ("/", "/voila/render/lesson.ipynb", "/voila/render/lesson.ipynb?code=wrong"):
        answer = Student().get(room.url(path))
        assert answer.url.startswith(room.url("/login")), path
        assert "join code" in answer.body and LESSON_MARKER not in answer.body, path
        assert "lesson.ipynb</a>" not in answer.body, path
    assert room.kernels() == 0, "a request without the code started a kernel"


def test_a_wrong_code_is_refused_with_the_form_again(room: Room) -> None:
    answer = Student().get(room.url("/login?next=%2F"), {"code": "wrong-code"})
    assert answer.status == 401
    assert "is not this room" in answer.body and "<form" in answer.body


def test_nothing_but_the_chosen_notebooks_is_reachable(room: Room, student: Student) -> None:
    listing = student.get(room.url("/"))
    assert listing.status == 200
    assert "lesson.ipynb" in listing.body and "broken.ipynb" in listing.body
    assert "unchosen" not in listing.body
    probes = [
        "/voila/tree", "/voila/tree/", "/voila/api/contents", "/voila/api/contents/",
        "/voila/api/contents/unchosen.ipynb", "/api/contents", "/tree", "/api/kernels",
        "/voila/render/unchosen.ipynb", "/voila/render/0/unchosen.ipynb",
        "/voila/render/..%2Funchosen.ipynb", "/voila/render/beside.png",
        "/voila/files/beside.png", "/files/beside.png", f"/voila/files{room.outside}",
        f"/voila/files/..%2F{room.outside.name}", "/voila/render/lesson.ipynb/../unchosen.ipynb",
    ]  # fmt: skip
    for path in probes:
        answer = student.get(room.url(path))
        assert answer.status == 404, f"{path}: {answer.status}"
        assert SECRET not in answer.body and "unchosen" not in answer.body, path
        assert "https://" not in answer.body, path
    assert room.kernels() == 0, "a probe started a kernel"


def test_the_room_pages_load_nothing_from_outside(room: Room, student: Student) -> None:
    for page in (Student().get(room.url("/login")), student.get(room.url("/"))):
        assert "http://" not in page.body and "https://" not in page.body


def test_the_right_code_opens_the_lesson_by_form_or_link(room: Room, student: Student) -> None:
    page = student.get(room.url("/voila/render/lesson.ipynb"))
    assert page.status == 200 and LESSON_MARKER in page.body
    linked = Student().get(room.url(f"/voila/render/lesson.ipynb?code={CODE}"))
    assert linked.status == 200 and LESSON_MARKER in linked.body
    wait_for_no_kernels(room, CULL_AFTER_S + 10)


def test_a_full_room_says_so_and_closed_pages_free_their_seats(
    room: Room, student: Student
) -> None:
    wait_for_no_kernels(room, CULL_AFTER_S + 10)
    for _ in range(MAX_KERNELS):  # pages loaded and never connected: "closed" at once
        assert student.get(room.url("/voila/render/lesson.ipynb")).status == 200
    assert room.kernels() == MAX_KERNELS
    full = student.get(room.url("/voila/render/lesson.ipynb"))
    assert full.status == 503 and full.headers.get("Retry-After") == "60"
    assert "The room is full" in full.body and "Try again in a minute" in full.body
    assert room.kernels() == MAX_KERNELS
    waited = wait_for_no_kernels(room, CULL_AFTER_S + 10)
    assert waited <= CULL_AFTER_S + 5  # culled within the configured time (+ the culler's period)
    assert student.get(room.url("/voila/render/lesson.ipynb")).status == 200  # a seat again


def test_a_failing_cell_shows_no_traceback_or_server_path(room: Room, student: Student) -> None:
    wait_for_no_kernels(room, CULL_AFTER_S + 10)
    page = student.get(room.url("/voila/render/broken.ipynb"))
    assert page.status == 200
    assert "Tell your teacher" in page.body
    for leak in ("Traceback", "JSONDecodeError", "site-packages", "/usr/lib", str(room.folder),
                 "decoder.py", sys.prefix):  # fmt: skip
        assert leak not in page.body, leak


def test_kernel_errors_and_stderr_never_reach_a_page() -> None:
    """A control whose callback raises sends an ``error`` (and stderr) message over the page's
    kernel channel: the room drops both (binary v1 and JSON framings), passes the rest."""
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    from viz_transformer.classroom.server import QuietKernelWebsocket, message_kind

    def framed(msg_type: str, content: dict) -> tuple[bytes, str]:
        msg = {"header": {"msg_type": msg_type}, "parent_header": {}, "metadata": {}}
        msg["content"] = content
        binary = serialize_msg_to_ws_v1(msg, "iopub", pack=lambda part: json.dumps(part).encode())
        return binary, json.dumps({**msg, "channel": "iopub"})

    traceback = {"ename": "KeyError", "evalue": "x", "traceback": ["/srv/secret/path.py"]}
    for message in framed("error", traceback):
        assert message_kind(message)[0] == "error"
        assert (
            QuietKernelWebsocket.write_message(type("H", (), {"kernel_id": "k"})(), message) is None
        )
    for message in framed("stream", {"name": "stderr", "text": "/srv/secret/path.py"}):
        assert message_kind(message) == ("stream", "stderr")
    for message in framed("stream", {"name": "stdout", "text": "hello"}):
        assert message_kind(message) == ("stream", "stdout")
    for message in framed("comm_msg", {"data": {}}):
        assert message_kind(message)[0] in (
            "comm_msg",
            None,
        )  # JSON without error/stream: not parsed
