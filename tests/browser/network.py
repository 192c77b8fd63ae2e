"""Record every request a page makes, to prove it works offline: a classroom without internet
sees a blank output wherever a page fetches a script or a font from a CDN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Request, WebSocket

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss"})  # data:, blob: never leave the page


@dataclass
class NetworkLog:
    """Every URL requested (HTTP and WebSocket) by the pages of one browser context."""

    urls: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        """Listen on ``context``: its pages' requests and WebSockets land in :attr:`urls`."""
        context.on("request", self._on_request)
        context.on("page", lambda page: page.on("websocket", self._on_websocket))

    def _on_request(self, request: Request) -> None:
        self.urls.append(request.url)

    def _on_websocket(self, websocket: WebSocket) -> None:
        self.urls.append(websocket.url)

    def foreign(self) -> list[str]:
        """The URLs that went to a host other than this machine."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme in NETWORK_SCHEMES and urlsplit(url).hostname not in LOCAL_HOSTS
        ]

    def assert_offline(self) -> None:
        """Fail, listing them, if any request left this machine."""
        foreign = self.foreign()
        assert not foreign, f"{len(foreign)} request(s) left the machine: {sorted(set(foreign))}"
        assert self.urls, "no request was recorded at all: the recorder is not attached"
