"""What a person would see as broken in rendered notebook outputs, read from the DOM.

Shared by JupyterLab, Notebook 7 and Voila, which all render outputs with JupyterLab's output
area (``.jp-OutputArea-output`` elements carrying the ``data-mime-type`` they rendered).
"""

from __future__ import annotations

import time

from playwright.sync_api import Page

POLL_MS = 250
SETTLE_MS = 1_000

# texts the widget manager, the output area or Voila show instead of an output
BROKEN_OUTPUT_TEXTS = (
    "error displaying widget",
    "model not found",
    "failed to load model class",
    "could not find model",
    "no renderer could be found",
    "javascript error",
    "there was an error when executing cell",
)

_ERRORS_JS = """
(badTexts) => {
  const found = [];
  const stderr = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]';
  for (const el of document.querySelectorAll(stderr)) {
    if (el.textContent.includes('Traceback')) found.push('traceback: ' + el.textContent.slice(0, 400));
  }
  for (const el of document.querySelectorAll('.jp-OutputArea-output')) {
    const text = el.textContent.toLowerCase();
    for (const bad of badTexts) {
      if (text.includes(bad)) found.push(bad + ': ' + el.textContent.slice(0, 200));
    }
  }
  return [...new Set(found)];
}
"""

_EMPTY_VISUALS_JS = """
() => {
  const sized = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const shown = (el) => el.checkVisibility();  // false inside a hidden tab or accordion page
  const problems = [];
  const counts = {widgets: 0, plots: 0, images: 0};
  // Voila's outputs wait in script tags until its front end starts
  const unrendered = document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]');
  if (unrendered.length) problems.push(unrendered.length + ' output(s) not rendered yet');
  // widget (and plotly) outputs carry no data-mime-type; empty, they have not been drawn yet
  for (const el of document.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])')) {
    if (el.matches('.js-plotly-plot')) continue;  // plotly's own renderer: checked below
    counts.widgets++;
    if (!sized(el) || el.children.length === 0) problems.push('output not drawn (widget or plot): ' + el.outerHTML.slice(0, 200));
  }
  for (const el of document.querySelectorAll('.js-plotly-plot')) {
    counts.plots++;
    if (shown(el) && (!sized(el) || !el.querySelector('.main-svg'))) problems.push('empty plotly plot: ' + el.id);
    // axes but no trace: what a FigureWidget shows when its data reached the kernel, not the page
    else if (shown(el) && !(el.data && el.data.length)) problems.push('plotly plot without data: ' + el.id);
  }
  for (const el of document.querySelectorAll('.jp-OutputArea-output img')) {
    counts.images++;
    if (shown(el) && (!el.complete || el.naturalWidth === 0 || !sized(el))) problems.push('empty image: ' + el.src.slice(0, 80));
  }
  const layout = [...document.querySelectorAll('.jp-OutputArea-output')]
    .map((el) => Math.round(el.getBoundingClientRect().height)).join(',');
  return {counts, problems, layout};
}
"""


def error_outputs(page: Page) -> list[str]:
    """Tracebacks and broken-output messages visible in the page (empty when all is well)."""
    return page.evaluate(_ERRORS_JS, list(BROKEN_OUTPUT_TEXTS))


def visual_outputs(page: Page) -> dict:
    """``{"counts": {"widgets", "plots", "images"}, "problems": [...], "layout": str}``: how many
    widgets, plotly plots and images the page shows, which of the shown ones are empty, and the
    outputs' heights (unchanged between two looks = nothing is still drawing)."""
    return page.evaluate(_EMPTY_VISUALS_JS)


def wait_until_visuals_drawn(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait (bounded) until no widget, plot or image is empty and the outputs' layout held
    still for :data:`SETTLE_MS`: widget views, and plots inside them, draw asynchronously after
    the kernel is idle. On timeout the caller's checks report what is empty."""
    deadline = time.monotonic() + timeout_ms / 1000
    settled_since, last_layout = None, None
    while time.monotonic() < deadline:
        visuals = visual_outputs(page)
        if visuals["problems"] or visuals["layout"] != last_layout:
            settled_since, last_layout = time.monotonic(), visuals["layout"]
        elif time.monotonic() - settled_since >= SETTLE_MS / 1000:
            return
        page.wait_for_timeout(POLL_MS)
