"""Serve notebooks to a class as Voila apps: outputs and controls only, no code, no internet.

Students open the printed address in a browser; each browser tab gets its own kernel, and
``--pool`` kernels per notebook are started (and the notebook run) ahead of time, so the first
students of a lesson wait for nothing. Pages load nothing from outside this computer (Voila's
CDN stylesheets are left out by the ``offline-lab`` template shipped in the package).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
from pathlib import Path

from ..errors import VizTransformerError

DEFAULT_PORT = 8866  # Voila's own default
TEMPLATE = "offline-lab"
TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "share"  # holds voila/templates/


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks", nargs="*", type=Path, metavar="NOTEBOOK",
        help="notebooks to serve (default: every notebooks/*.ipynb under the current folder)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
    parser.add_argument(
        "--pool", type=int, default=1, metavar="N",
        help="kernels per notebook started and run ahead of time (0: start on demand)",
    )  # fmt: skip
    parser.add_argument(
        "--ip", default="0.0.0.0",
        help="address to listen on: 0.0.0.0 = reachable from the room's network (default), "
        "127.0.0.1 = this computer only",
    )  # fmt: skip


def chosen_notebooks(paths: list[Path]) -> list[Path]:
    """The notebooks to serve, as absolute paths: those named, or every ``notebooks/*.ipynb``."""
    notebooks = paths or sorted(Path("notebooks").glob("*.ipynb"))
    if not notebooks:
        raise VizTransformerError("no notebook given, and no notebooks/*.ipynb in this folder")
    missing = [str(p) for p in notebooks if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        raise VizTransformerError(f"not a notebook file: {', '.join(missing)}")
    return [p.resolve() for p in notebooks]


def serving_root(notebooks: list[Path]) -> Path:
    """The deepest folder holding every notebook: Voila serves it, each notebook at its path."""
    return Path(os.path.commonpath([p.parent for p in notebooks]))


def render_paths(notebooks: list[Path], root: Path) -> list[str]:
    """The URL path of each notebook as a Voila app."""
    return [f"/voila/render/{p.relative_to(root).as_posix()}" for p in notebooks]


def others_in(root: Path, notebooks: list[Path]) -> list[str]:
    """Regexes naming the notebooks under ``root`` not chosen: none of them is preheated.
    They match the path relative to ``root`` and the absolute one (Voila 0.5.13 filters on the
    absolute path although its documentation speaks of notebook names)."""
    chosen = set(notebooks)
    others = [
        p
        for p in root.rglob("*.ipynb")
        if p.resolve() not in chosen and ".ipynb_checkpoints" not in p.parts
    ]
    return ["(^|.*/)" + re.escape(p.relative_to(root).as_posix()) + "$" for p in others]


def room_address() -> str | None:
    """This computer's address on its network, as students' machines reach it (None offline).
    A UDP socket "connects" without sending anything, which makes the OS pick the interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, never answered
            return sock.getsockname()[0]
        except OSError:
            return None


def hosts(ip: str) -> list[str]:
    """The host names to print: the room's address when listening on every interface."""
    if ip != "0.0.0.0":
        return [ip]
    address = room_address()
    return ["127.0.0.1"] + ([address] if address and address != "127.0.0.1" else [])


def check_port_free(ip: str, port: int) -> None:
    """Fail with a clear message, before printing addresses, when the port is taken."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((ip, port))
        except OSError as error:
            raise VizTransformerError(
                f"cannot listen on {ip}:{port} ({error}); use --port"
            ) from None


def voila_argv(args: argparse.Namespace, root: Path, notebooks: list[Path]) -> list[str]:
    """Voila's command line: the folder as a tree of apps, sources stripped, kernels preheated."""
    argv = [
        str(root), "--no-browser", f"--port={args.port}", f"--Voila.ip={args.ip}",
        "--Voila.port_retries=0", "--strip_sources=True", f"--template={TEMPLATE}",
    ]  # fmt: skip
    if args.pool > 0:
        argv += ["--preheat_kernel=True", f"--pool_size={args.pool}"]
        argv += [f"--VoilaKernelManager.preheat_denylist={others_in(root, notebooks)!r}"]
    return argv


def print_addresses(args: argparse.Namespace, paths: list[str]) -> None:
    """Tell the teacher what students open (flushed: the output may go to a pipe or a file)."""
    print(f"Classroom: {len(paths)} notebook(s); students open:", flush=True)
    for host in hosts(args.ip):
        for path in paths:
            print(f"  http://{host}:{args.port}{path}", flush=True)
    print(f"{args.pool} kernel(s) per notebook start now; stop with Ctrl+C.", flush=True)


def run(args: argparse.Namespace) -> int:
    try:
        from voila.app import Voila  # the lab extra: classroom mode is optional
    except ImportError as error:
        message = "classroom mode needs Voila: pip install 'viz-transformer[lab]'"
        raise VizTransformerError(message) from error
    notebooks = chosen_notebooks(args.notebooks)
    root = serving_root(notebooks)
    check_port_free(args.ip, args.port)
    print_addresses(args, render_paths(notebooks, root))
    jupyter_path = os.environ.get("JUPYTER_PATH")  # Voila finds templates on JUPYTER_PATH
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), jupyter_path]))
    Voila.launch_instance(argv=voila_argv(args, root, notebooks))
    return 0
