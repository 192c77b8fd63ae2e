"""Change a control in the page and prove the plot in the DOM changed, within a bounded wait.

A widget can pass every in-kernel test and still leave the browser's plot untouched (a broken
comm, a front end that never redraws). These helpers act like a person (choose, click, press a
key) and then compare what the browser holds: each plotly graph's ``data`` (what plotly.js
draws) and each image's ``src`` (matplotlib in an Output or Image widget).

    scope = page.locator(".jp-Cell").filter(has=page.locator(".widget-dropdown")).first
    after = assert_plot_changes(scope, lambda: choose(scope, "head", "2"))
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .waiting import wait_until

CHANGE_TIMEOUT_MS = 15_000

# the plots and images under an element, as one string: equal strings = nothing redrawn
_PLOT_STATE_JS = """
(root) => {
  const plain = (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
  const plots = [...root.querySelectorAll('.js-plotly-plot')]
    .map((el) => JSON.stringify(el.data || [], plain));
  const images = [...root.querySelectorAll('img')].map((img) => img.src);
  return JSON.stringify({plots, images});
}
"""


def plot_state(scope: Locator) -> str:
    """The data of every plotly graph and the source of every image under ``scope``."""
    return scope.evaluate(_PLOT_STATE_JS)


def assert_plot_changes(
    scope: Locator, act: Callable[[], None], timeout_ms: float = CHANGE_TIMEOUT_MS
) -> str:
    """Run ``act`` (a change of control) and wait until a plot or image under ``scope`` shows
    something else; fail if nothing changed within ``timeout_ms``. Returns the new state
    (a JSON string, see :func:`plot_state`) for further checks of *what* it shows."""
    before = plot_state(scope)
    assert before != '{"plots":[],"images":[]}', "no plot or image under the scope to watch"
    act()
    changed = f"([root, before]) => ({_PLOT_STATE_JS})(root) !== before"
    try:
        wait_until(scope.page, changed, arg=[scope.element_handle(), before], timeout_ms=timeout_ms)
    except PlaywrightTimeoutError:
        raise AssertionError(f"the plot did not change within {timeout_ms / 1000:.0f} s") from None
    return plot_state(scope)


def control(scope: Locator, kind: str, description: str) -> Locator:
    """The ipywidgets control of ``kind`` (``dropdown``, ``slider``, ``toggle-buttons``...,
    the ``widget-<kind>`` CSS class) whose label reads ``description``."""
    label = scope.page.locator(".widget-label", has_text=description)
    return scope.locator(f".widget-{kind}", has=label).first


def choose(scope: Locator, description: str, option: str) -> None:
    """Pick ``option`` (its visible text) in the Dropdown labelled ``description``."""
    control(scope, "dropdown", description).locator("select").select_option(label=option)


def click(scope: Locator, text: str | re.Pattern[str]) -> None:
    """Click the Button or the ToggleButtons choice that reads ``text`` (e.g. "next"; a text
    matches as a part of the label, a pattern such as ``re.compile("^causal$")`` as written)."""
    buttons = scope.locator("button.jupyter-button, .widget-toggle-button")
    buttons.filter(has_text=text).first.click()


def step_slider(scope: Locator, description: str, key: str = "ArrowRight") -> None:
    """Move the slider labelled ``description`` one step with the keyboard, as a person would."""
    control(scope, "slider", description).locator(".noUi-handle").first.press(key)
