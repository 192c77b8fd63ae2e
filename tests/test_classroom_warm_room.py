"""A real room prepared ahead (``--pool 2 --concurrent-starts 1``): its notebook writes when it
ran into the lesson's folder, so the test sees every run, the pool's fills and refills as the
students' own. It says when the room is ready, and with one slot no two notebooks ever ran at
once: not the two fills, not a refill beside the page of a student who found no warm kernel.
Plain HTTP requests, no browser."""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.jupyter_env import isolated_env
from browser.servers import free_port, running
from test_classroom_security import Room, Student, notebook
from test_classroom_waiting import reload_until_served

from viz_transformer.classroom.progress import READY
from viz_transformer.pictures.common.static_output_switch import NO_PICTURE, STATIC_OUTPUT

RUN_S = 0.5
TIMEOUT_S = 60
CELL = f"""import os, time
began = time.time()
time.sleep({RUN_S})
with open("runs.txt", "a") as runs:
    runs.write(f"{{began}} {{time.time()}}\\n")
with open("static_output.txt", "w") as static:
    static.write(os.environ.get("{STATIC_OUTPUT}", "unset"))"""


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    tmp = tmp_path_factory.mktemp("warm")
    (tmp / "lesson.ipynb").write_text(notebook(CELL), encoding="utf-8")
    port = free_port()
    argv = [
        *(sys.executable, "-m", "viz_transformer", "classroom", str(tmp / "lesson.ipynb")),
        *("--ip", "127.0.0.1", "--port", str(port), "--pool", "2", "--concurrent-starts", "1"),
    ]
    with running(argv, port=port, token="", ready_path="/voila/static/voila.js",
                 env=isolated_env(tmp), log_path=tmp / "room.log") as server:  # fmt: skip
        yield Room(server, tmp, tmp)


def printed(room: Room) -> str:
    return Path(room.server.log_path).read_text(encoding="utf-8")


def runs(room: Room) -> list[tuple[float, float]]:
    """(start, end) of every run of the lesson's notebook so far, in start order."""
    path = room.folder / "runs.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return sorted(tuple(map(float, line.split())) for line in lines)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {TIMEOUT_S} s")
        time.sleep(0.2)


def test_the_room_says_it_is_ready_and_runs_one_notebook_at_a_time(room: Room) -> None:
    wait_for(lambda: READY in printed(room), "ready line")
    assert len(runs(room)) == 2  # the pool's two kernels ran the notebook, nobody else
    assert "All 2 kernels warm for lesson.ipynb" in printed(room)
    url = room.url("/voila/render/lesson.ipynb")
    for _ in range(2):  # two students take the warm kernels: two refills follow
        assert Student().get(url).status == 200
    lesson, _ = reload_until_served(Student(), url)  # no warm kernel left: its own run
    assert lesson.status == 200
    wait_for(lambda: len(runs(room)) == 5, "five runs (2 fills, 2 refills, 1 page)")
    ran = runs(room)
    for (_, end), (start, _) in itertools.pairwise(ran):
        assert start >= end, f"two notebooks ran at once: {ran}"
    assert printed(room).count(READY) == 1


def test_the_room_s_kernels_draw_no_static_picture(room: Room) -> None:
    """Every page of the room draws the widgets: its kernels are told to skip the PNG an
    explorer's display carries for saved notebooks (static_output.py)."""
    written = room.folder / "static_output.txt"
    wait_for(written.exists, "kernel run")
    assert written.read_text(encoding="utf-8") == NO_PICTURE
