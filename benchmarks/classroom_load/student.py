"""A simulated student at the protocol level: the HTTP page, then the page's kernel channel.

What a browser does that costs the *server* is done the same way (the page request that starts
or hands out a kernel, the websocket, the widget state request, one comm message per control
change, the shutdown beacon of a closed tab); what costs only the *client* (parsing the HTML,
running JavaScript, drawing) is skipped. So fifty of them fit in one process on the machine
being measured, and the numbers are the server's.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPResponse
from tornado.websocket import WebSocketClosedError

from viz_transformer.classroom.queue import TICKET_COOKIE

from .kernel_channel import KernelChannel

PAGE_TIMEOUT_S = 300.0  # the page runs the whole notebook when no warm kernel is left
REPLY_TIMEOUT_S = 30.0  # a control change, or the widget states, answered later = dropped
LINE_TIMEOUT_S = 900.0  # a student still on the waiting page after this gives up
STILL_WAITING = "still waiting at the end"  # the outcome of that student: not a failure


@dataclass
class StudentResult:
    """What one student saw: ``outcome`` is "ok", "room full", ``STILL_WAITING`` or what
    failed."""

    kind: str  # "protocol" or "browser"
    outcome: str = "ok"
    first_picture_s: float | None = None
    latencies_s: list[float] = field(default_factory=list)  # change → the new figure arrived
    idle_s: list[float] = field(default_factory=list)  # change → the kernel idle again
    dropped: int = 0  # changes not answered within REPLY_TIMEOUT_S
    waiting_pages: int = 0  # times the room's waiting page was shown instead of the lesson
    waited_s: float = 0.0  # from the first request until the one the lesson answered


@dataclass(frozen=True)
class Explorer:
    """The ids of one explorer's controls and figure, read from the widget states."""

    head: str  # a Dropdown
    head_options: int
    layer: str  # an IntSlider
    layer_max: int
    figure: str


def find_explorer(states: dict[str, dict]) -> Explorer:
    """The AttentionExplorer of the page: the VBox (``Explorer``: controls, figure, message)
    whose controls hold a "head" Dropdown and a "layer" slider; its figure is its second child.
    (The tour's ArchitectureExplorer has a "head" dropdown too, but no "layer" slider.)"""

    def ids(model_id: str) -> list[str]:
        return [c.removeprefix("IPY_MODEL_") for c in states[model_id]["state"].get("children", [])]

    def inside(model_id: str) -> list[str]:
        return [model_id, *(found for child in ids(model_id) for found in inside(child))]

    def control(model_ids: list[str], model_name: str, description: str) -> str | None:
        return next((m for m in model_ids if states[m]["model_name"] == model_name
                     and states[m]["state"].get("description") == description), None)  # fmt: skip

    for model_id, s in states.items():
        children = ids(model_id)
        if s["model_name"] != "VBoxModel" or len(children) != 3:
            continue
        controls = inside(children[0])
        head = control(controls, "DropdownModel", "head")
        layer = control(controls, "IntSliderModel", "layer")
        if head and layer:
            return Explorer(
                head, len(states[head]["state"]["_options_labels"]),
                layer, states[layer]["state"]["max"], children[1],
            )  # fmt: skip
    raise LookupError("no explorer with a head dropdown and a layer slider on the page")


def cookies_of(response: HTTPResponse, before: str = "") -> str:
    """The ``Cookie`` header a browser sends next: the cookies it had (``before``) updated by
    the response's ``Set-Cookie`` headers; a cookie set empty (cleared) is gone."""
    jar = SimpleCookie(before)
    for header in response.headers.get_list("Set-Cookie"):
        jar.load(header)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items() if m.value)


def is_waiting_page(status: int, set_cookies: list[str]) -> bool:
    """The room's waiting page (503 with a ticket cookie), not its full-room page (503 too)."""
    return status == 503 and any(c.startswith(f"{TICKET_COOKIE}=") for c in set_cookies)


def refresh_delay(body: bytes) -> float:
    """The seconds after which a page's meta refresh reloads it, as a browser reads them."""
    found = re.search(rb'<meta http-equiv="refresh" content="(\d+(?:\.\d+)?)"', body)
    if found is None:
        raise LookupError("the waiting page does not reload itself")
    return float(found[1])


async def open_page(base_url: str, path: str, cookie: str = "") -> tuple[HTTPResponse | None, int]:
    """The page and its status (503: the room is full, or the waiting page)."""
    try:
        response = await AsyncHTTPClient().fetch(
            base_url + path, headers={"Cookie": cookie} if cookie else None,
            request_timeout=PAGE_TIMEOUT_S, connect_timeout=PAGE_TIMEOUT_S,
        )  # fmt: skip
        return response, response.code
    except HTTPClientError as error:
        return error.response, error.code


async def open_lesson(
    base_url: str, path: str, result: StudentResult
) -> tuple[HTTPResponse | None, int, str]:
    """The page as a browser gets it: while the room shows its waiting page, reload it after
    its refresh delay with the ticket cookie it set. The wait is counted in ``result``, whose
    outcome is ``STILL_WAITING`` when the line outlasted ``LINE_TIMEOUT_S``. Returns the last
    answer and the cookies sent with it."""
    start, cookie = time.monotonic(), ""
    while True:
        sent = time.monotonic()
        response, status = await open_page(base_url, path, cookie)
        result.waited_s = sent - start
        if response is None or not is_waiting_page(status, response.headers.get_list("Set-Cookie")):
            return response, status, cookie
        result.waiting_pages += 1
        if time.monotonic() - start > LINE_TIMEOUT_S:
            result.outcome = STILL_WAITING
            return response, status, cookie
        cookie = cookies_of(response, cookie)
        await asyncio.sleep(refresh_delay(response.body))


def next_change(explorer: Explorer, step: int) -> tuple[str, dict]:
    """Alternately another head and another layer, as a student clicks through them."""
    if step % 2 == 0 or explorer.layer_max == 0:
        return explorer.head, {"index": (step // 2 + 1) % explorer.head_options}
    return explorer.layer, {"value": (step // 2 + 1) % (explorer.layer_max + 1)}


async def close_tab(base_url: str, kernel_id: str, cookie: str) -> None:
    """What the page sends when its tab closes: a POST to Voila's shutdown route (with the
    anti-forgery cookie's value as a form field, as the page's ``sendBeacon`` does)."""
    xsrf = SimpleCookie(cookie).get("_xsrf")
    body = urllib.parse.urlencode({"_xsrf": xsrf.value if xsrf else ""})
    await AsyncHTTPClient().fetch(
        f"{base_url}/voila/api/shutdown/{kernel_id}", method="POST", body=body,
        headers={"Cookie": cookie}, raise_error=False, request_timeout=REPLY_TIMEOUT_S,
    )  # fmt: skip


async def protocol_student(
    base_url: str,
    path: str,
    seconds: float,
    pace_s: float,
    rng: random.Random,
    on_first: Callable[[], None],
) -> StudentResult:
    """Open the page, wait for the widget states (its first picture: ``on_first()``), then
    change a control every ``pace_s`` seconds (±50 %) for ``seconds``, then close the tab."""
    result = StudentResult("protocol")
    start = time.monotonic()
    response, status, sent_cookie = await open_lesson(base_url, path, result)
    if result.outcome != "ok":
        return result
    if status == 503:
        result.outcome = "room full"
        return result
    if status != 200 or response is None:
        result.outcome = f"page answered {status}"
        return result
    found = re.search(rb'"kernelId":\s*"([0-9a-f-]+)"', response.body)
    if found is None:
        result.outcome = "no kernel in the page"
        return result
    kernel_id, cookie = found[1].decode(), cookies_of(response, sent_cookie)
    ws_url = base_url.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
    ws_url += f"?session_id={uuid.uuid4()}"
    channel = None
    try:
        channel = await KernelChannel.connect(ws_url, cookie, REPLY_TIMEOUT_S)
        states = await channel.widget_states(REPLY_TIMEOUT_S)
        explorer = find_explorer(states)
        result.first_picture_s = time.monotonic() - start
        on_first()
        until, step = time.monotonic() + seconds, 0
        while time.monotonic() + pace_s / 2 < until:
            await asyncio.sleep(pace_s * rng.uniform(0.5, 1.5))
            control, state = next_change(explorer, step)
            step += 1
            try:
                drawn, idle = await channel.change(control, state, explorer.figure,
                                                   REPLY_TIMEOUT_S)  # fmt: skip
            except asyncio.TimeoutError:
                result.dropped += 1
                continue
            result.latencies_s.append(drawn)
            result.idle_s.append(idle)
    except (asyncio.TimeoutError, ConnectionError, LookupError, OSError,
            WebSocketClosedError) as error:  # fmt: skip
        result.outcome = f"{type(error).__name__}: {error}"[:200]
    finally:
        if channel is not None:
            channel.close()
        await close_tab(base_url, kernel_id, cookie)
    return result
