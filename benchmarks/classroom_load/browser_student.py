"""A student in a real Chromium (Playwright, the system's browser): what a person sees, to check
that the protocol-level students measure the same thing. The first picture is the explorer's
plotly heatmap drawn with its data; a change is a new option picked in its "head" dropdown or
a step of its "layer" slider, timed until the heatmap's data in the page differs. A student
the room puts in line sees its waiting page, which the browser reloads by itself until the
lesson comes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from playwright.async_api import Browser, Page, Response
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from .student import (
    LINE_TIMEOUT_S,
    PAGE_TIMEOUT_S,
    STILL_WAITING,
    StudentResult,
    is_waiting_page,
)

VIEWPORT = {"width": 1280, "height": 900}
REDRAW_TIMEOUT_S = 10.0  # a change the page has not drawn by then counts as dropped

# the explorer's heatmap: the plotly plot in the output area holding a "layer" slider (the
# AttentionExplorer; the tour's ArchitectureExplorer has a "head" dropdown but no slider)
_PLOT_JS = """
() => {
  const out = [...document.querySelectorAll('.jp-OutputArea-output')].find((el) =>
    [...el.querySelectorAll('.widget-slider .widget-label')].some((l) => l.textContent === 'layer'));
  const plot = out && out.querySelector('.js-plotly-plot');
  if (!plot || !plot.data || !plot.data.length || !plot.querySelector('.main-svg')) return null;
  // matrices arrive as rows of binary buffers (DataView: bytes), vectors as typed arrays
  const plain = (key, value) => value instanceof DataView
    ? Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
    : ArrayBuffer.isView(value) ? Array.from(value) : value;
  return JSON.stringify([plot.data, plot.layout.title], plain);
}
"""


async def _state(page) -> str | None:
    return await page.evaluate(_PLOT_JS)


async def _act(page, step: int) -> None:
    """Alternately the next head and one step of the layer slider, as a person does them."""
    slider = page.locator(".widget-slider", has=page.get_by_text("layer", exact=True))
    explorer = page.locator(".jp-OutputArea-output", has=slider).first
    if step % 2 == 0:
        head = explorer.locator(".widget-dropdown", has=page.get_by_text("head", exact=True))
        select = head.locator("select")
        count = await select.locator("option").count()
        await select.select_option(index=(step // 2 + 1) % count)
    else:
        handle = explorer.locator(".widget-slider", has=page.get_by_text("layer", exact=True))
        handle = handle.locator(".noUi-handle")
        await handle.first.press("ArrowRight" if step % 4 == 1 else "ArrowLeft")


async def _waiting_page(response: Response | None) -> bool:
    """Whether the browser was shown the room's waiting page (Playwright joins the response's
    ``Set-Cookie`` headers with newlines)."""
    if response is None:
        return False
    set_cookies = (await response.header_value("set-cookie") or "").split("\n")
    return is_waiting_page(response.status, set_cookies)


async def _open_lesson(page: Page, url: str, result: StudentResult) -> Response | None:
    """Open ``url``; while the room answers with its waiting page, let the browser reload it
    (its meta refresh, with the ticket cookie) and count the wait in ``result``."""
    start = time.monotonic()
    response = await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_S * 1000)
    while await _waiting_page(response):
        result.waiting_pages += 1
        left_ms = (LINE_TIMEOUT_S - (time.monotonic() - start)) * 1000
        try:
            reload = await page.wait_for_event(
                "request", predicate=lambda r: r.is_navigation_request()
                and r.frame == page.main_frame, timeout=max(left_ms, 1),  # 0 would be no limit
            )  # fmt: skip
        except PlaywrightTimeoutError:
            result.outcome = STILL_WAITING
            break
        result.waited_s = time.monotonic() - start
        response = await asyncio.wait_for(reload.response(), PAGE_TIMEOUT_S)
    return response


async def browser_student(
    browser: Browser, url: str, seconds: float, pace_s: float, on_first: Callable[[], None]
) -> StudentResult:
    """Open the page, wait for the explorer's heatmap (``on_first()``), change a control every
    ``pace_s`` s for ``seconds``, then close the tab as a person does (its kernel stops)."""
    result = StudentResult("browser")
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    start = time.monotonic()
    try:
        response = await _open_lesson(page, url, result)
        if result.outcome != "ok":
            return result
        if response is not None and response.status == 503:
            result.outcome = "room full"
            return result
        await page.wait_for_function(_PLOT_JS, timeout=PAGE_TIMEOUT_S * 1000, polling=100)
        result.first_picture_s = time.monotonic() - start
        on_first()
        until, step = time.monotonic() + seconds, 0
        while time.monotonic() + pace_s / 2 < until:
            await page.wait_for_timeout(pace_s * 1000)
            before = await _state(page)
            changed = f"(before) => ({_PLOT_JS})() !== before"
            began = time.monotonic()
            await _act(page, step)
            step += 1
            try:
                await page.wait_for_function(changed, arg=before, timeout=REDRAW_TIMEOUT_S * 1000,
                                             polling=50)  # fmt: skip
            except PlaywrightTimeoutError:
                result.dropped += 1
                continue
            result.latencies_s.append(time.monotonic() - began)
    except (PlaywrightTimeoutError, asyncio.TimeoutError) as error:
        first_line = (str(error).splitlines() or [type(error).__name__])[0]
        result.outcome = f"timeout: {first_line}"[:200]
    finally:
        await page.close(run_before_unload=True)  # the page's beacon shuts its kernel down
        await context.close()
    return result
