"""Open a Voila app and wait until it is drawn; tell whether any code shows.

Voila runs the notebook on the server while the page shows a spinner, then reveals
``#rendered_cells``; widgets and plots draw in the browser after that.
"""

from __future__ import annotations

from playwright.sync_api import Page

from .outputs import wait_until_visuals_drawn
from .waiting import wait_until

RENDER_TIMEOUT_MS = 120_000  # the server runs the whole notebook before the page shows

_SHOWN_JS = "() => { const c = document.querySelector('#rendered_cells'); "
_SHOWN_JS += "return Boolean(c) && getComputedStyle(c).display !== 'none'; }"

# a code cell's source on a page: its input area, an editor, or nbconvert's highlighted Python
# (markdown cells have input areas too: they hold the rendered text students should read)
CODE_SELECTORS = (
    ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor, .highlight.hl-python"
)


def open_voila_app(page: Page, url: str) -> None:
    """Load a Voila app and wait (bounded) until its cells are shown and its visuals drawn."""
    page.goto(url, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
    wait_until(page, _SHOWN_JS, timeout_ms=RENDER_TIMEOUT_MS)
    wait_until_visuals_drawn(page)


def visible_code(page: Page) -> list[str]:
    """The text of every visible code input in the page (none in an app for students)."""
    return page.locator(CODE_SELECTORS).filter(visible=True).all_inner_texts()
