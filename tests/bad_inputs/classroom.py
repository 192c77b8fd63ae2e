"""Bad inputs to the classroom: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``).
Each is refused at start (exit 2, a sentence), before any server, kernel or copy exists."""

from __future__ import annotations

from pathlib import Path

from .case import BadInput, CommandRefused, command

NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def classroom(tmp: Path, *extra: str, notebook: str = NOTEBOOK, name: str = "a.ipynb") -> None:
    """``classroom`` on one notebook written into ``tmp``, on loopback, with ``extra`` options."""
    path = write(tmp, name, notebook)
    command("classroom", str(path), "--ip", "127.0.0.1", *extra)


def only_inputs(*names: str):
    """Nothing written beside the inputs (no copy, no server folder)."""

    def check(tmp: Path) -> None:
        assert sorted(p.name for p in tmp.iterdir()) == sorted(names)

    return check


CASES: list[BadInput] = [
    BadInput(
        "classroom --port -1",
        lambda tmp: classroom(tmp, "--port", "-1"),
        r"--port -1 is not a port: use 1 to 65535",
        CommandRefused,
        only_inputs("a.ipynb"),
    ),
    BadInput(
        "classroom --port 70000",
        lambda tmp: classroom(tmp, "--port", "70000"),
        r"--port 70000 is not a port",
        CommandRefused,
    ),
    BadInput(
        "classroom notebook that does not exist",
        lambda tmp: command("classroom", str(tmp / "missing.ipynb"), "--ip", "127.0.0.1"),
        r"notebook not found: .*missing\.ipynb",
        CommandRefused,
        only_inputs(),
    ),
    BadInput(
        "classroom file that is not a notebook",
        lambda tmp: classroom(tmp, name="notes.txt"),
        r"notes\.txt is not a notebook: give \.ipynb files",
        CommandRefused,
    ),
    BadInput(
        "classroom notebook that is not valid JSON",
        lambda tmp: classroom(tmp, notebook='{"cells": [\n  {"cell_type": '),
        r"a\.ipynb is not valid JSON \(line 2, column \d+",
        CommandRefused,
        only_inputs("a.ipynb"),
    ),
    BadInput(
        "classroom JSON file that is not a notebook",
        lambda tmp: classroom(tmp, notebook='{"hello": "world"}'),
        r"a\.ipynb is not a Jupyter notebook",
        CommandRefused,
    ),
    BadInput(
        "classroom --code too short to keep anyone out",
        lambda tmp: classroom(tmp, "--code", "ab"),
        r"--code 'ab' is too short",
        CommandRefused,
    ),
    BadInput(
        "classroom --max-kernels 0",
        lambda tmp: classroom(tmp, "--max-kernels", "0"),
        r"--max-kernels 0: use 1 or more",
        CommandRefused,
    ),
    BadInput(
        "classroom --pool keeping more kernels warm than --max-kernels",
        lambda tmp: classroom(tmp, "--pool", "3", "--max-kernels", "2"),
        r"keeps 3 kernels warm, more than --max-kernels 2",
        CommandRefused,
    ),
    BadInput(
        "classroom --concurrent-starts 0",
        lambda tmp: classroom(tmp, "--concurrent-starts", "0"),
        r"--concurrent-starts 0: use 1 or more",
        CommandRefused,
    ),
    BadInput(
        "classroom --start-below-cpu above 1",
        lambda tmp: classroom(tmp, "--start-below-cpu", "85"),
        r"--start-below-cpu 85\.0: use a share of the CPU from 0 to 1",
        CommandRefused,
        only_inputs("a.ipynb"),
    ),
    BadInput(
        "classroom --start-below-cpu below 0",
        lambda tmp: classroom(tmp, "--start-below-cpu", "-0.5"),
        r"--start-below-cpu -0\.5: use a share of the CPU from 0 to 1",
        CommandRefused,
    ),
    BadInput(
        "classroom --cull-after 0",
        lambda tmp: classroom(tmp, "--cull-after", "0"),
        r"--cull-after 0: use 1 second or more",
        CommandRefused,
    ),
    BadInput(
        "classroom on an address this computer does not have",
        lambda tmp: command(
            "classroom",
            str(write(tmp, "a.ipynb", NOTEBOOK)),
            "--ip",
            "203.0.113.7",
            "--code",
            "none",
        ),
        r"cannot listen on 203\.0\.113\.7:8866",
        CommandRefused,
    ),
]
