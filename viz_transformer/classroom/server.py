"""Voila with only the room's routes: the list of lessons at ``/``, one render route per chosen
notebook, the join page, Voila's static assets and the kernel channels of open pages. No tree
page, no contents API, no file route and no ``/voila/render/<anything>``: whatever else is asked
for gets a plain 404, and error pages name no file.

A lesson's page is admitted by memory first (a kernel must fit: otherwise the full-room page),
then by CPU (``queue.StartQueue``: at most ``concurrent_starts`` pages run their notebook at
once, and only while the CPU load sampled by ``load.CpuLoad`` is below ``start_below_cpu``; the
other students get a waiting page that reloads itself until their turn). The warm pool's
notebooks take their turns in the same queue, after the students in line.
"""

from __future__ import annotations

import json
import logging
import re

from jupyter_server.auth.identity import IdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Float, Integer, List, Type, default
from voila.app import Voila
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from . import pages
from .access import JoinCodeIdentityProvider, JoinHandler
from .kernels import RoomFull
from .load import CpuLoad
from .queue import START_BELOW, TICKET_COOKIE, StartQueue, Turn, usable_cpus

FULL_RETRY_S = 60
WAIT_REFRESH_S = 3  # a waiting page reloads this often; 3 missed reloads and its place is gone
log = logging.getLogger("viz_transformer.classroom")


def _no_detail_error(handler: web.RequestHandler, status_code: int) -> None:
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.finish(pages.server_error(status_code))


class IndexHandler(JupyterHandler):
    """``/``: links to the chosen lessons, nothing else."""

    def initialize(self, links: list[tuple[str, str]]):
        self.links = links

    @web.authenticated
    def get(self):
        self.set_header("Cache-Control", "no-store")
        self.finish(pages.lesson_list(self.links))

    def write_error(self, status_code, **kwargs):
        _no_detail_error(self, status_code)


class LessonHandler(TornadoVoilaHandler):
    """One chosen notebook's page. A full room gets a page saying so (HTTP 503), not a wait;
    with every start slot busy, a page that would run its notebook gets the waiting page."""

    def initialize(self, start_queue: StartQueue, **kwargs):
        super().initialize(**kwargs)
        self.start_queue = start_queue

    @web.authenticated
    async def get(self, path=None):
        if not self.kernel_manager.has_room_for(self.notebook_path):
            return self.room_full()
        warm = self.kernel_manager.warm_kernel(self.notebook_path)
        ticket = self.get_cookie(TICKET_COOKIE)
        turn = self.start_queue.ask(ticket, warm=warm is not None)
        if not turn.go:
            return self.waiting(turn)
        if ticket is not None:
            self.clear_cookie(TICKET_COOKIE, path=self.base_url)
        with self.start_queue.holding(turn):
            await self.render(warm)

    def should_use_rendered_notebook(self, *args, **kwargs) -> bool:
        """Voila's pool only when its next kernel is ready: a page let in without one (on a
        slot) starts its own kernel instead of waiting for a pool kernel that waits for a slot."""
        ready = self.kernel_manager.warm_kernel(self.notebook_path) is not None
        return ready and super().should_use_rendered_notebook(*args, **kwargs)

    async def render(self, warm: str | None):
        """Send the page as Voila renders it: with the warm kernel ``warm`` (its notebook ran
        ahead of time), or a new kernel running the notebook now."""
        # sets the _xsrf cookie: when the tab closes, the page's beacon to Voila's shutdown
        # route sends it back, and without it that route refuses (403) and the kernel lives on
        # until the culler finds it
        _ = self.xsrf_token
        try:
            async for html in self.get_generator():
                self.write(html)
                self.flush()
            self.kernel_manager.handed_out(warm)
        except RoomFull:
            if self._headers_written:
                raise
            self.clear()
            self.room_full()

    def room_full(self):
        self.not_now(FULL_RETRY_S, pages.room_full(FULL_RETRY_S))

    def waiting(self, turn: Turn):
        """The waiting page, with the student's ticket: each reload shows it again."""
        self.set_cookie(TICKET_COOKIE, turn.ticket, path=self.base_url, httponly=True,
                        samesite="Lax")  # fmt: skip
        self.not_now(WAIT_REFRESH_S, pages.waiting(turn.ahead, WAIT_REFRESH_S, turn.cpu_busy))

    def not_now(self, retry_s: int, html: str):
        """A page in place of the lesson: HTTP 503 with ``Retry-After`` (the lesson is not
        served yet; no cache keeps this answer), which the page itself retries."""
        self.set_status(503)
        self.set_header("Retry-After", str(retry_s))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(html)

    def write_error(self, status_code, **kwargs):
        _no_detail_error(self, status_code)


class NotFoundHandler(web.RequestHandler):
    """Everything that is not a route of the room."""

    def prepare(self):
        self.set_status(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.not_found())


def message_kind(message) -> tuple[str | None, str | None]:
    """(msg_type, stream name) of a kernel message as sent to the browser."""
    try:
        if isinstance(message, bytes):
            _channel, parts = deserialize_msg_from_ws_v1(message)
            header, content = json.loads(parts[0]), parts[3]
            kind = header.get("msg_type")
            name = json.loads(content).get("name") if kind == "stream" else None
            return kind, name
        if isinstance(message, str):
            if '"error"' not in message and '"stream"' not in message:
                return None, None
            message = json.loads(message)
        if isinstance(message, dict):
            kind = message.get("header", {}).get("msg_type")
            return kind, message.get("content", {}).get("name")
    except (ValueError, IndexError, AttributeError):
        pass
    return None, None


class QuietKernelWebsocket(VoilaKernelWebsocketHandler):
    """A page's kernel channel without tracebacks or stderr: a failing control would otherwise
    show a traceback full of the server's paths. The failure is logged for the teacher."""

    def write_message(self, message, binary=False):
        kind, name = message_kind(message)
        if kind == "error" or (kind == "stream" and name == "stderr"):
            if kind == "error":
                log.warning("a lesson's kernel %s raised an error (not sent to the page)",
                            self.kernel_id)  # fmt: skip
            return None
        return super().write_message(message, binary)


class RoomVoila(Voila):
    """Voila serving the lessons of ``lessons`` (copied into its root folder) and nothing else."""

    lessons = List(help="the room's lessons (viz_transformer.classroom.notebooks.Lesson)")
    concurrent_starts = Integer(
        config=True,
        help="Pages running their notebook at once (a page with a warm kernel needs none); "
        "the other students wait in line. Default: the number of usable CPUs.",
    )
    start_below_cpu = Float(
        START_BELOW,
        min=0.0,
        max=1.0,
        config=True,
        help="A page runs its notebook only while the CPU load (a share of all cores, over the "
        "last few seconds) is below this, except the first in line when no notebook runs.",
    )
    identity_provider_class = Type(
        default_value=JoinCodeIdentityProvider, klass=IdentityProvider, config=True
    )

    @default("concurrent_starts")
    def _one_per_cpu(self) -> int:
        return usable_cpus()

    def new_start_queue(self) -> StartQueue:
        """The line of the pages (and warm pool kernels) that run their notebook, reading the
        CPU load sampled from now on (every second, on the server's loop)."""
        load = CpuLoad()
        load.start()
        return StartQueue(self.concurrent_starts, WAIT_REFRESH_S,
                          start_below=self.start_below_cpu, load=load)  # fmt: skip

    def init_settings(self):
        self.start_queue = self.new_start_queue()  # before the kernel manager: its pool uses it
        settings = super().init_settings()
        self.identity_provider.login_handler_class = JoinHandler
        return settings

    def init_handlers(self):
        dropped = (TornadoVoilaTreeHandler, TornadoVoilaHandler, VoilaContentsHandler)
        kept = []
        for route in super().init_handlers():
            pattern, handler, *options = route
            if handler in dropped or handler is AllowListFileHandler:
                continue
            if handler is VoilaKernelWebsocketHandler:
                handler = QuietKernelWebsocket
            kept.append((pattern, handler, *options))
        render = {
            "start_queue": self.start_queue,
            "template_paths": self.template_paths,
            "config": self.config,
            "voila_configuration": self.voila_configuration,
        }
        lessons = [
            (
                url_path_join(self.server_url, re.escape(lesson.url_path)),
                LessonHandler,
                {**render, "notebook_path": lesson.copy},
            )
            for lesson in self.lessons
        ]
        links = [(url_path_join(self.base_url, ls.url_path), ls.name) for ls in self.lessons]
        index = (self.server_url, IndexHandler, {"links": links})
        return [index, *lessons, *kept, (r".*", NotFoundHandler)]
