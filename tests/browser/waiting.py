"""Waiting for a JavaScript condition in a page, checked on a timer.

Playwright's ``wait_for_function`` checks its condition on every animation frame unless told
otherwise, and so keeps Chromium drawing 60 frames a second for as long as the wait lasts: a
lesson's whole run, a kernel start. Measured on a book page: 0.7–0.85 CPU-seconds of Chromium
in 8 s of such a wait, 0.02–0.2 with a 200 ms timer, CPU the kernel being waited for needs.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

POLL_MS = 100  # how often a condition is checked; a redraw is seen at most this much later


def wait_until(page: Page, condition: str, *, timeout_ms: float, arg: Any = None) -> None:
    """Wait until ``condition`` (a JavaScript function, given ``arg``) returns a truthy value
    in ``page``; Playwright's TimeoutError after ``timeout_ms``."""
    page.wait_for_function(condition, arg=arg, timeout=timeout_ms, polling=POLL_MS)
