"""A room fills up to what the computer's memory holds: a page gets a kernel only if, once it
and the kernels still growing are full size, the memory the teacher keeps free stays available;
past that a student gets the full-room page, the room itself keeps serving."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.jupyter_env import isolated_env
from browser.servers import Server, free_port, running
from test_classroom_security import Room, notebook

from viz_transformer.classroom import kernels
from viz_transformer.classroom.kernels import RoomKernelManager, memory_allows


def test_one_more_kernel_fits_only_with_the_reserve_left() -> None:
    # 4000 MB available, 1000 MB still to grow, a 400 MB kernel: 2600 MB would stay free
    assert memory_allows(4000, 1000, 400, keep_free=2600)
    assert not memory_allows(4000, 1000, 400, keep_free=2601)


def test_a_seat_is_free_while_memory_is(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = RoomKernelManager(kernel_mb=400, keep_free_mb=1000)
    monkeypatch.setattr(kernels, "available_mb", lambda: 1400.0)
    assert manager.seat_free()
    manager._reserved.add("starting")  # a kernel starting counts at its full size
    assert not manager.seat_free()
    monkeypatch.setattr(kernels, "available_mb", lambda: 1800.0)
    assert manager.seat_free()
    manager.max_kernels = 1  # a cap given with --max-kernels holds too
    assert not manager.seat_free()


@pytest.fixture(scope="module")
def full_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    """A room that keeps more memory free than any computer has: no page can get a kernel."""
    tmp = tmp_path_factory.mktemp("memory")
    (tmp / "lesson.ipynb").write_text(notebook("print('hello')"), encoding="utf-8")
    port = free_port()
    argv = [
        *(sys.executable, "-m", "viz_transformer", "classroom", str(tmp / "lesson.ipynb")),
        *("--ip", "127.0.0.1", "--port", str(port), "--pool", "0", "--keep-free", str(2**40)),
    ]
    with running(argv, port=port, token="", ready_path="/voila/static/voila.js",
                 env=isolated_env(tmp), log_path=tmp / "room.log") as server:  # fmt: skip
        yield Room(server, tmp, tmp)


def get(server: Server, path: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(server.base_url + path, timeout=60) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_without_memory_a_student_gets_the_full_room_page_at_once(full_room: Room) -> None:
    status, body, headers = get(full_room.server, "/voila/render/lesson.ipynb")
    assert status == 503 and headers.get("Retry-After") == "60"
    assert "The room is full" in body and "memory" in body and "Try again in a minute" in body
    assert full_room.kernels() == 0
    assert get(full_room.server, "/")[0] == 200  # the room itself still answers
    printed = Path(full_room.server.log_path).read_text(encoding="utf-8")
    assert "room for about 0 now" in printed
