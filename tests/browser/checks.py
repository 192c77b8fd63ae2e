"""The assertions every browser test makes about a rendered notebook: no error, and every
widget, plot and image drawn."""

from __future__ import annotations

from playwright.sync_api import Page

from .jupyter_app import misrendered_outputs, model_errors
from .outputs import error_outputs, visual_outputs


def assert_outputs_render(page: Page) -> dict[str, int]:
    """No traceback or broken-widget text in the page, and no shown widget, plot or image is
    empty. Returns how many widgets, plots and images the page shows."""
    errors = error_outputs(page)
    assert not errors, "error outputs in the page:\n" + "\n".join(errors)
    visuals = visual_outputs(page)
    assert not visuals["problems"], "outputs not drawn:\n" + "\n".join(visuals["problems"])
    return visuals["counts"]


def assert_notebook_ran_cleanly(page: Page, ran_ok: bool) -> dict[str, int]:
    """For JupyterLab and Notebook 7: every cell ran, the model holds no error output, each
    widget, plot and image output is shown as what it is, and the page checks above pass."""
    errors = model_errors(page)
    assert not errors, "cells raised:\n" + "\n".join(errors)
    assert ran_ok, "run-all-cells did not complete"
    misrendered = misrendered_outputs(page)
    assert not misrendered, "outputs shown as something else:\n" + "\n".join(misrendered)
    return assert_outputs_render(page)
