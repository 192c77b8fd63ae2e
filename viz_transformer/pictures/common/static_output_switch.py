"""Which static pictures an explorer's display carries beside its live view, chosen by the
environment of the kernel (static_output.py reads it): the book's build and the classroom set
it for the kernels they start, without importing any drawing code."""

from __future__ import annotations

import os

STATIC_OUTPUT = "VIZ_TRANSFORMER_STATIC_OUTPUT"
PNG_AND_HTML = "1"  # the book's pages: they show the HTML
NO_PICTURE = "0"  # an app whose every page draws the widgets (the classroom): no one sees one
# unset (or anything else): the PNG alone, for a saved notebook opened without widgets


def static_output_on() -> bool:
    """Whether displays carry the HTML picture too (``VIZ_TRANSFORMER_STATIC_OUTPUT=1``)."""
    return os.environ.get(STATIC_OUTPUT, "") == PNG_AND_HTML


def static_output_off() -> bool:
    """Whether displays carry no static picture (``VIZ_TRANSFORMER_STATIC_OUTPUT=0``)."""
    return os.environ.get(STATIC_OUTPUT, "") == NO_PICTURE
