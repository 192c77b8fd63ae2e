"""One picture of a whole page whose content scrolls inside an element (JupyterLab's notebook,
Voila's cells): a full-page screenshot shows only the viewport there, so the viewport grows
until nothing needs scrolling, and the page is shot then."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

MAX_HEIGHT = 16_000  # Chromium's largest texture is 16384 px
ATTEMPTS = 4  # layouts settle in one or two resizes; a few more absorb late redraws

# how many pixels the document or a page-sized scrolling element hides (small scrolling boxes,
# such as a multiple-choice list, keep their own scrollbar)
_HIDDEN_HEIGHT_JS = """
() => {
  let hidden = document.scrollingElement.scrollHeight - document.scrollingElement.clientHeight;
  for (const el of document.querySelectorAll('*')) {
    const overflow = getComputedStyle(el).overflowY;
    const pageSized = el.clientHeight >= window.innerHeight / 2;
    if (pageSized && (overflow === 'auto' || overflow === 'scroll')) {
      hidden = Math.max(hidden, el.scrollHeight - el.clientHeight);
    }
  }
  return hidden;
}
"""


def screenshot_whole(page: Page, path: Path, *, restore: bool = True) -> None:
    """Save ``page`` with all its scrolled-away content to ``path`` (PNG), then restore the
    viewport unless ``restore`` is false: restoring lays the page out again, every plotly
    figure included, which a page about to be closed (or emptied first, then restored by
    :func:`restore_viewport`) does not need. Content taller than :data:`MAX_HEIGHT` is cut."""
    path.parent.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size or {"width": 1280, "height": 900}
    height = original["height"]
    for _ in range(ATTEMPTS):
        hidden = page.evaluate(_HIDDEN_HEIGHT_JS)
        if hidden <= 1 or height >= MAX_HEIGHT:
            break
        height = min(height + hidden, MAX_HEIGHT)
        page.set_viewport_size({"width": original["width"], "height": height})
        page.wait_for_timeout(300)  # let JupyterLab's and plotly's resize handlers lay out
    page.screenshot(path=path)
    if restore:
        page.set_viewport_size(original)


def restore_viewport(page: Page, size: dict[str, int]) -> None:
    """Give ``page`` back the viewport ``size`` after a :func:`screenshot_whole` that did not."""
    if page.viewport_size != size:
        page.set_viewport_size(size)
