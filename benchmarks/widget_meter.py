"""Counting the bytes a widget sends to the browser, without a browser.

A widget sends its changes through its kernel comm; outside a kernel it has none and sends
nothing. ``WireMeter`` takes the comm's place, so every change goes through ipywidgets' and
plotly's real serialisation (numpy → lists or binary buffers), and counts what would travel:
the JSON text of each message plus its binary buffers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence


class WireMeter:
    """A stand-in comm that measures each message instead of sending it."""

    kernel = True  # ipywidgets only sends through a comm that has a kernel
    comm_id = "wire-meter"

    def __init__(self) -> None:
        self.bytes = 0
        self.messages = 0

    def send(self, data: dict | None = None, buffers: Sequence | None = None, **_: object) -> None:
        """What the kernel would do: encode ``data`` as JSON; buffers travel as they are."""
        text = json.dumps(data, separators=(",", ":"), allow_nan=True)
        self.bytes += len(text.encode()) + sum(memoryview(b).nbytes for b in buffers or ())
        self.messages += 1

    def reset(self) -> None:
        self.bytes = 0
        self.messages = 0

    def close(self, *_: object, **__: object) -> None:
        """Closing a widget closes its comm: nothing to do here."""

    def on_msg(self, *_: object) -> None:
        """The browser never answers a meter."""
