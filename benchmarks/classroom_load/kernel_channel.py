"""A page's kernel channel as the browser's widget manager speaks it, without a browser.

The Voila page connects one websocket to its kernel (``/api/kernels/<id>/channels``, protocol
``v1.kernel.websocket.jupyter.org``, as JupyterLab's services do). Over it the widget manager
(ipywidgets 8) opens a ``jupyter.widget.control`` comm and sends ``request_states``: the kernel
answers with every widget's state in one ``update_states`` message, which is what the page
needs to draw its explorers. A control the student moves becomes a ``comm_msg`` whose data is
``{"method": "update", "state": {...}}`` on the control's comm; the kernel echoes it, runs the
explorer's observers and sends the new figure as a ``comm_msg`` on the figure's comm, all with
the student's message as their parent, then goes idle.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

PROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_VERSION = "1.0.0"  # ipywidgets' control comm protocol (major version 1)
# the widget states of a page hold plotly's 5 MB script once per FigureWidget: far more than
# tornado's default limit of 10 MiB a message, past which it drops the connection
MAX_MESSAGE_BYTES = 512 * 2**20

Message = dict[str, Any]


def _pack(part: Any) -> bytes:
    return json.dumps(part).encode()


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> Message:
    header = {
        "msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "",
        "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
    }  # fmt: skip
    return {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content}


def _decode(frame: bytes) -> tuple[str, Message]:
    channel, parts = deserialize_msg_from_ws_v1(frame)
    header, parent, metadata, content = (json.loads(p) for p in parts[:4])
    msg = {"header": header, "parent_header": parent, "metadata": metadata, "content": content}
    msg["buffers"] = parts[4:]
    return channel, msg


class KernelChannel:
    """One open kernel websocket: send requests, wait for the messages they cause."""

    def __init__(self, socket: WebSocketClientConnection) -> None:
        self.socket = socket
        self.session = uuid.uuid4().hex
        self.closed = False
        self._waiters: list[tuple[Callable[[str, Message], bool], asyncio.Future]] = []
        self._reader = asyncio.ensure_future(self._read())

    @classmethod
    async def connect(cls, ws_url: str, cookie: str, timeout_s: float) -> KernelChannel:
        request = HTTPRequest(ws_url, headers={"Cookie": cookie}, connect_timeout=timeout_s,
                              request_timeout=timeout_s)  # fmt: skip
        socket = await websocket_connect(
            request, subprotocols=[PROTOCOL], max_message_size=MAX_MESSAGE_BYTES
        )
        return cls(socket)

    async def _read(self) -> None:
        while True:
            frame = await self.socket.read_message()
            if frame is None:
                break
            if isinstance(frame, str):
                continue  # v1 frames are binary; a text frame is not ours to read
            channel, msg = _decode(frame)
            for waiter in list(self._waiters):
                match, future = waiter
                if not future.done() and match(channel, msg):
                    future.set_result(msg)
                    self._waiters.remove(waiter)
        self.closed = True
        for _, future in self._waiters:
            if not future.done():
                future.set_exception(ConnectionError("the kernel channel closed"))

    def expect(self, match: Callable[[str, Message], bool]) -> asyncio.Future:
        """A future for the first message from now on for which ``match(channel, msg)``."""
        future = asyncio.get_running_loop().create_future()
        if self.closed:
            future.set_exception(ConnectionError("the kernel channel is closed"))
        else:
            self._waiters.append((match, future))
        return future

    def send(self, channel: str, msg: Message) -> None:
        self.socket.write_message(serialize_msg_to_ws_v1(msg, channel, pack=_pack), binary=True)

    def request(self, msg_type: str, content: dict, metadata: dict | None = None) -> Message:
        msg = _message(msg_type, content, self.session, metadata)
        self.send("shell", msg)
        return msg

    async def widget_states(self, timeout_s: float) -> dict[str, dict]:
        """Every widget's state, asked for as ipywidgets 8's manager does at page load:
        ``{model_id: {"model_name": ..., "state": {...}}}``."""
        info = self.expect(lambda ch, m: m["header"]["msg_type"] == "kernel_info_reply")
        self.request("kernel_info_request", {})
        await asyncio.wait_for(info, timeout_s)
        comm_id = uuid.uuid4().hex
        states = self.expect(
            lambda ch, m: (
                m["header"]["msg_type"] == "comm_msg"
                and m["content"].get("comm_id") == comm_id
                and m["content"]["data"].get("method") == "update_states"
            )
        )
        self.request("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control",
                                   "data": {}}, {"version": CONTROL_VERSION})  # fmt: skip
        self.request("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        reply = await asyncio.wait_for(states, timeout_s)
        return reply["content"]["data"]["states"]

    async def change(
        self, control_id: str, state: dict, figure_id: str, timeout_s: float
    ) -> tuple[float, float]:
        """Set a control as the browser does; seconds until the new figure's message arrived,
        and until the kernel was idle again (the whole update done)."""
        start = time.monotonic()
        msg = _message("comm_msg", {"comm_id": control_id, "data": {"method": "update",
                       "state": state, "buffer_paths": []}}, self.session)  # fmt: skip
        msg_id = msg["header"]["msg_id"]

        def caused(m: Message) -> bool:
            return m["parent_header"].get("msg_id") == msg_id

        figure = self.expect(
            lambda ch, m: caused(m)
            and (m["header"]["msg_type"] == "comm_open"
                 or (m["header"]["msg_type"] == "comm_msg"
                     and m["content"].get("comm_id") == figure_id))
        )  # fmt: skip
        idle = self.expect(
            lambda ch, m: (
                caused(m)
                and m["header"]["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"
            )
        )
        self.send("shell", msg)
        await asyncio.wait_for(figure, timeout_s)
        drawn = time.monotonic() - start
        await asyncio.wait_for(idle, timeout_s)
        return drawn, time.monotonic() - start

    def close(self) -> None:
        self.socket.close()
        self._reader.cancel()
