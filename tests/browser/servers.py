"""Start a local web server (JupyterLab, Notebook 7, Voila, classroom) as a child process group
and stop it for sure: tests must never leave a server or a kernel behind, even when they fail.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Server:
    """A running server: its base address (``http://127.0.0.1:PORT``), its token (may be
    empty), its process and the file its output goes to (shown when it fails to start)."""

    base_url: str
    token: str
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str) -> str:
        """The address of ``path`` on this server, with the token when there is one."""
        query = f"{'&' if '?' in path else '?'}token={self.token}" if self.token else ""
        return f"{self.base_url}{path}{query}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def root_flag() -> list[str]:
    """Jupyter servers refuse to run as root without ``--allow-root``."""
    return ["--allow-root"] if os.geteuid() == 0 else []


def answers(url: str) -> bool:
    """True once ``url`` returns HTTP 200 (a server still starting refuses the connection)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_answers(url: str, process: subprocess.Popen, log_path: Path) -> None:
    """Poll ``url`` until it answers; fail early if the process died, late after a timeout."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{tail(log_path)}")
        if answers(url):
            return
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer in {START_TIMEOUT_S:.0f} s:\n{tail(log_path)}")


def tail(log_path: Path, lines: int = 30) -> str:
    """The last lines a server printed, for error messages."""
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the whole process group (server and its kernels), SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)


def shut_down_kernels(server: Server) -> None:
    """Shut down every kernel of a Jupyter server (REST API), so each test starts from none
    and a session of many notebooks does not hold all their kernels at once."""
    with urllib.request.urlopen(server.url("/api/kernels"), timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(
            server.url(f"/api/kernels/{kernel['id']}"), method="DELETE"
        )
        urllib.request.urlopen(request, timeout=30).close()


@contextmanager
def running(
    argv: list[str], *, port: int, token: str, ready_path: str, env: dict[str, str], log_path: Path
) -> Iterator[Server]:
    """Run ``argv`` in its own process group, wait until ``ready_path`` answers, yield the
    server, and stop the group on exit (also when the body raised)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    server = Server(f"http://{HOST}:{port}", token, process, log_path)
    try:
        wait_until_answers(server.url(ready_path), process, log_path)
        yield server
    finally:
        stop(process)
