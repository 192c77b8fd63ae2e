"""Waiting for a JavaScript condition in a page, checked on a timer.

Playwright's ``wait_for_function`` checks its condition on every animation frame unless told
otherwise, and so keeps Chromium drawing 60 frames a second for as long as the wait lasts: a
lesson's whole run, a kernel start. Measured on a book page, 8 s of waiting: 0.57–0.85
CPU-seconds of Chromium checking every frame, 0.03–0.28 with this module's 100 ms timer (and
0.02–0.21 with 200 ms): CPU the kernel being waited for needs.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

POLL_MS = 100  # how often a condition is checked; a redraw is seen at most this much later


def wait_until(page: Page, condition: str, *, timeout_ms: float, arg: Any = None) -> None:
    """Wait until ``condition`` (a JavaScript function, given ``arg``) returns a truthy value
    in ``page``; Playwright's TimeoutError after ``timeout_ms``."""
    page.wait_for_function(condition, arg=arg, timeout=timeout_ms, polling=POLL_MS)
