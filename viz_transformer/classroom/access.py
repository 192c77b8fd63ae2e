"""The room's join code, enforced by jupyter_server's own identity machinery.

Voila already routes every request through a jupyter_server ``IdentityProvider``: the pages
(``@authenticated``), the kernel REST API and the kernel websockets all ask it for the current
user. Making the join code that provider's token therefore closes every door at once, with
signed login cookies and redirects to a login page for free; only the page and the comparison
are ours (a form that says "join code", codes compared in constant time and without case,
spaces or dashes, a pause after a wrong code). A separate cookie check in front of Voila would
have had to be repeated on each of its handlers, websockets included.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.auth.login import LoginFormHandler
from tornado.escape import url_escape

from ..errors import VizTransformerError
from . import pages

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a projector
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes
MIN_CODE_LENGTH = 4
WRONG_CODE_PAUSE_S = 1.0


def new_code() -> str:
    """A random join code, shown as two groups of four: ``k7pm-3xqa``."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def normalized(code: str) -> str:
    """What is compared: letters and digits, lower case (``K7PM 3XQA`` = ``k7pm-3xqa``)."""
    return re.sub(r"[\s\-]", "", code).lower()


def resolve_code(option: str | None, loopback: bool) -> str:
    """The room's code from ``--code``: ``auto`` (a new one; the default off loopback),
    ``none`` (no code; the default on loopback) or the teacher's own code."""
    if option is None:
        option = "none" if loopback else "auto"
    if option == "auto":
        return new_code()
    if option == "none":
        return ""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 \-]*", option):
        raise VizTransformerError(
            f"--code {option!r}: use letters, digits, spaces or dashes, or 'auto' or 'none'"
        )
    if len(normalized(option)) < MIN_CODE_LENGTH:
        raise VizTransformerError(
            f"--code {option!r} is too short to keep anyone out: use at least "
            f"{MIN_CODE_LENGTH} letters or digits, or --code auto"
        )
    return option


def same_code(given: str, code: str) -> bool:
    return hmac.compare_digest(normalized(given).encode(), normalized(code).encode())


class JoinCodeIdentityProvider(IdentityProvider):
    """The join code as jupyter_server's token: accepted as ``?code=`` / ``?token=`` in a URL, an
    ``Authorization: token`` header or the join form; a signed cookie remembers it. No code
    (an empty token) lets everyone in, as on a loopback-only room."""

    @property
    def auth_enabled(self) -> bool:
        return bool(self.token)

    @property
    def login_available(self) -> bool:
        return self.auth_enabled

    def get_token(self, handler) -> str | None:
        return handler.get_argument("code", "") or super().get_token(handler)

    async def get_user_token(self, handler) -> User | None:
        given = self.get_token(handler)
        if not (self.token and given and same_code(given, self.token)):
            return None
        user = self.get_user_cookie(handler)
        if asyncio.iscoroutine(user):
            user = await user
        return user or self.generate_anonymous_user(handler)

    def process_login_form(self, handler) -> User | None:
        if not self.auth_enabled:
            return self.generate_anonymous_user(handler)
        if same_code(handler.get_argument("code", default=""), self.token):
            return self.generate_anonymous_user(handler)
        return None

    def validate_security(self, app, ssl_options=None) -> None:
        """The command prints what the room's access is; nothing to log here."""


class JoinHandler(LoginFormHandler):
    """``/login``: the page asking for the join code (where Voila sends a student without it)."""

    def _render(self, message=None):
        action = f"{self.base_url}login?next={url_escape(self.get_argument('next', self.base_url))}"
        error = (message or {}).get("error")
        self.set_header("Cache-Control", "no-store")
        self.write(pages.join_form(action, self.xsrf_form_html(), error))

    @allow_unauthenticated
    async def post(self):
        user = self.identity_provider.process_login_form(self)
        if user is None:
            await asyncio.sleep(WRONG_CODE_PAUSE_S)  # slows guessing down
            self.set_status(401)
            self._render(message={"error": "That is not this room's join code."})
            return
        self.current_user = user
        self.identity_provider.set_login_cookie(self, user)
        self._redirect_safe(self.get_argument("next", default=self.base_url))
