"""Serve notebooks to a class as Voila apps: outputs and controls only, no code, no internet.

Students open the printed address in a browser and type the room's join code (on by default
when the room listens beyond this computer); each page gets its own kernel while the computer
has memory for it (``--keep-free``; ``--max-kernels`` caps the number too), and a kernel whose
page is gone stops after ``--cull-after`` seconds.
``--pool`` kernels per notebook are started (and the notebook run) ahead of time, so the first
students of a lesson wait for nothing (the room says when they are all warm; a pool larger than
the memory holds is lowered); after them, ``--concurrent-starts`` pages run their
notebook at once (default: one per CPU), and only while the computer's CPU is less busy than
``--start-below-cpu``; the other students wait in line on a page that opens their lesson by
itself. Only the chosen notebooks are reachable: no folder listing, no other file. Pages load
nothing from outside this computer (Voila's CDN stylesheets are left out by the ``offline-lab``
template shipped in the package).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import tempfile
from pathlib import Path

from ..classroom.access import resolve_code
from ..classroom.notebooks import Lesson, chosen_notebooks, fill_room, lessons
from ..classroom.queue import START_BELOW, usable_cpus
from ..errors import VizTransformerError
from ..pictures.common.static_output_switch import NO_PICTURE, STATIC_OUTPUT

DEFAULT_PORT = 8866  # Voila's own default
DEFAULT_CULL_AFTER_S = 120
TEMPLATE = "offline-lab"
TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "share"  # holds voila/templates/
KERNEL_MB = 400  # a kernel after running a shipped notebook: 380-420 MB RSS, measured (README)
KEEP_FREE_SHARE = 0.1  # of the computer's memory, left to the system and the server by default
KEEP_FREE_MIN_MB = 1024
CELL_ERROR_TEXT = (
    "Tell your teacher: the details are in the terminal of the computer serving this room."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks", nargs="*", type=Path, metavar="NOTEBOOK",
        help="notebooks to serve (default: every lesson of --edition under the current folder)",
    )  # fmt: skip
    parser.add_argument(
        "--edition", choices=("en", "zh"), default="en",
        help="the edition served when no notebook is named: notebooks/en or notebooks/zh (中文版)",
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
    parser.add_argument(
        "--code", default=None, metavar="auto|none|CODE",
        help="join code students type: auto = a new random one (default beyond loopback), "
        "none = no code (default with --ip 127.0.0.1), or your own",
    )  # fmt: skip
    parser.add_argument(
        "--max-kernels", type=int, default=None, metavar="N",
        help="kernels at most, warm ones included (default: as many as memory allows)",
    )  # fmt: skip
    parser.add_argument(
        "--keep-free", type=int, default=None, metavar="MB",
        help=f"memory left to the system: a page gets a kernel (~{KERNEL_MB} MB) only if this "
        "much stays available once it has grown; otherwise a 'room is full, try again in a "
        f"minute' page (default: {KEEP_FREE_SHARE:.0%} of the memory, {KEEP_FREE_MIN_MB} MB at "
        "least)",
    )  # fmt: skip
    parser.add_argument(
        "--concurrent-starts", type=int, default=None, metavar="N",
        help="pages running their notebook at once (a page with a warm kernel needs none); "
        "the students after them wait in line on a page that opens the lesson by itself "
        "(default: the number of CPUs)",
    )  # fmt: skip
    parser.add_argument(
        "--start-below-cpu", type=float, default=START_BELOW, metavar="SHARE",
        help="a page runs its notebook only while the computer's CPU load (averaged over a few "
        "seconds, a share of all cores: 0 to 1) is below this, so that the students' pictures "
        "keep the CPU they need; when no notebook runs, the first in line starts anyway "
        f"(default {START_BELOW})",
    )  # fmt: skip
    parser.add_argument(
        "--cull-after", type=int, default=DEFAULT_CULL_AFTER_S, metavar="SECONDS",
        help="stop a kernel whose page has been closed (or never opened) for this long "
        f"(default {DEFAULT_CULL_AFTER_S})",
    )  # fmt: skip


def check_numbers(args: argparse.Namespace) -> None:
    """Refuse impossible numbers before anything starts."""
    if not 1 <= args.port <= 65535:
        raise VizTransformerError(f"--port {args.port} is not a port: use 1 to 65535")
    if args.pool < 0:
        raise VizTransformerError(f"--pool {args.pool}: use 0 or more kernels per notebook")
    if args.max_kernels is not None and args.max_kernels < 1:
        raise VizTransformerError(f"--max-kernels {args.max_kernels}: use 1 or more")
    if args.keep_free is not None and args.keep_free < 0:
        raise VizTransformerError(f"--keep-free {args.keep_free}: use 0 MB or more")
    if args.concurrent_starts is not None and args.concurrent_starts < 1:
        raise VizTransformerError(f"--concurrent-starts {args.concurrent_starts}: use 1 or more")
    if not 0 <= args.start_below_cpu <= 1:
        raise VizTransformerError(
            f"--start-below-cpu {args.start_below_cpu}: use a share of the CPU from 0 to 1 "
            f"(e.g. {START_BELOW}: {START_BELOW:.0%} busy)"
        )
    if args.cull_after < 1:
        raise VizTransformerError(f"--cull-after {args.cull_after}: use 1 second or more")


def default_keep_free() -> int:
    """MB left to the system by default: a share of the computer's memory."""
    import psutil  # an ipykernel dependency: present wherever Voila runs

    return max(KEEP_FREE_MIN_MB, int(psutil.virtual_memory().total / 2**20 * KEEP_FREE_SHARE))


def pages_that_fit(keep_free: int) -> int:
    """How many more kernels the memory available now holds (printed for the teacher)."""
    import psutil

    return max(0, int((psutil.virtual_memory().available / 2**20 - keep_free) // KERNEL_MB))


def fitting_pool(asked: int, notebooks: int, fits: int) -> int:
    """Warm kernels per notebook: ``asked``, or as many as the ``fits`` kernels the memory holds
    now allow (a pool that cannot fill would never make the room ready; its kernels would wait
    for memory, and the students' pages find the room full)."""
    return min(asked, fits // notebooks)


def lowered_pool(asked: int, pool: int, notebooks: int, fits: int, keep_free: int) -> str:
    """The teacher's line when ``--pool asked`` was lowered to ``pool``, and what to do."""
    instead = f"lowered to {pool}" if pool else "refused (no kernel kept warm: pages start theirs)"
    return (
        f"--pool {asked} for {notebooks} notebook(s) {instead}: the memory free now holds about "
        f"{fits} kernel(s) of ~{KERNEL_MB} MB while {keep_free} MB stay free. For a larger "
        "pool, close other programs, lower --keep-free or serve fewer notebooks."
    )


def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def render_paths(room: list[Lesson]) -> list[str]:
    """The URL path of each notebook as a Voila app."""
    return [lesson.url_path for lesson in room]


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
        except (OSError, OverflowError) as error:
            raise VizTransformerError(
                f"cannot listen on {ip}:{port} ({error}); use --port or --ip"
            ) from None


def concurrent_starts(args: argparse.Namespace) -> int:
    """Pages running their notebook at once: ``--concurrent-starts``, or one per CPU."""
    return args.concurrent_starts or usable_cpus()


def voila_argv(args: argparse.Namespace, folder: Path, keep_free: int) -> list[str]:
    """Voila's command line: the room's private folder, sources stripped, no tracebacks, no
    template or theme chosen by the page's URL, the kernel cap and culler, the start queue,
    kernels preheated."""
    cull_interval = max(1, min(60, args.cull_after // 4))
    argv = [
        str(folder), "--no-browser", f"--port={args.port}", f"--Voila.ip={args.ip}",
        "--Voila.port_retries=0", "--strip_sources=True", f"--template={TEMPLATE}",
        "--show_tracebacks=False",
        f"--VoilaExecutor.cell_error_instruction={CELL_ERROR_TEXT}",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "viz_transformer.classroom.kernels.RoomKernelManager",
        f"--RoomKernelManager.max_kernels={args.max_kernels or 0}",
        f"--RoomKernelManager.kernel_mb={KERNEL_MB}",
        f"--RoomKernelManager.keep_free_mb={keep_free}",
        f"--RoomKernelManager.cull_idle_timeout={args.cull_after}",
        f"--RoomKernelManager.cull_interval={cull_interval}",
        "--RoomKernelManager.cull_connected=False",
        f"--RoomVoila.concurrent_starts={concurrent_starts(args)}",
        f"--RoomVoila.start_below_cpu={args.start_below_cpu}",
    ]  # fmt: skip
    if args.pool > 0:
        argv += ["--preheat_kernel=True", f"--pool_size={args.pool}"]
    return argv


def print_addresses(args: argparse.Namespace, paths: list[str], code: str, keep_free: int) -> None:
    """Tell the teacher what students open (flushed: the output may go to a pipe or a file)."""
    print(f"Classroom: {len(paths)} notebook(s); students open:", flush=True)
    for host in hosts(args.ip):
        for path in paths:
            print(f"  http://{host}:{args.port}{path}", flush=True)
    if code:
        print(
            f"Join code: {code}   (the page asks for it; the list of lessons is at /)", flush=True
        )
    elif not is_loopback(args.ip):
        print(
            "No join code (--code none): anyone on this network can open these pages.", flush=True
        )
    cap = f", {args.max_kernels} at most" if args.max_kernels else ""
    print(
        f"A kernel per page (~{KERNEL_MB} MB) while {keep_free} MB of memory stays free: room "
        f"for about {pages_that_fit(keep_free)} now{cap}; {args.pool} kept warm per notebook "
        "(the room says when they are ready); a "
        f"closed page's kernel stops after {args.cull_after} s; {concurrent_starts(args)} "
        f"page(s) run their notebook at once while the CPU is less than "
        f"{args.start_below_cpu:.0%} busy, the next students wait in line. Stop with Ctrl+C.",
        flush=True,
    )


def run(args: argparse.Namespace) -> int:
    try:
        import voila  # noqa: F401  (the lab extra: classroom mode is optional)
    except ImportError as error:
        message = "classroom mode needs Voila: pip install 'viz-transformer[lab]'"
        raise VizTransformerError(message) from error
    check_numbers(args)
    code = resolve_code(args.code, is_loopback(args.ip))
    room = lessons(chosen_notebooks(args.notebooks, args.edition))
    keep_free = default_keep_free() if args.keep_free is None else args.keep_free
    if args.max_kernels and args.pool * len(room) > args.max_kernels:
        raise VizTransformerError(
            f"--pool {args.pool} for {len(room)} notebook(s) keeps {args.pool * len(room)} "
            f"kernels warm, more than --max-kernels {args.max_kernels}: lower --pool"
        )
    check_port_free(args.ip, args.port)
    fits = pages_that_fit(keep_free)
    pool = fitting_pool(args.pool, len(room), fits)
    if pool < args.pool:
        print(lowered_pool(args.pool, pool, len(room), fits, keep_free), flush=True)
        args.pool = pool
    from ..classroom.server import RoomVoila

    with tempfile.TemporaryDirectory(prefix="viz-classroom-") as folder:
        fill_room(Path(folder), room)
        print_addresses(args, render_paths(room), code, keep_free)
        jupyter_path = os.environ.get("JUPYTER_PATH")  # Voila finds templates on JUPYTER_PATH
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [str(TEMPLATE_ROOT), jupyter_path])
        )
        os.environ[STATIC_OUTPUT] = NO_PICTURE  # the kernels' pages all draw the widgets
        app = RoomVoila.instance(lessons=room, token=code)
        app.initialize(argv=voila_argv(args, Path(folder), keep_free))
        app.start()
    return 0
