"""A head dropdown whose first choice is the mean over heads.

The choice is the string "mean", not None: a browser cannot select a None option (the
dropdown shows blank). "mean" and the head indices are what views take as ``head=`` (the one
head vocabulary: an index, a list of indices, "mean" or "max"), so a value passes unchanged."""

from __future__ import annotations

import ipywidgets as widgets

MEAN = "mean"


def head_options(n_heads: int) -> list[tuple[str, int | str]]:
    return [(MEAN, MEAN)] + [(str(h), h) for h in range(n_heads)]


def head_dropdown() -> widgets.Dropdown:
    return widgets.Dropdown(options=head_options(0), value=MEAN, description="head")


def view_head(value: int | str) -> int | str:
    """The dropdown's value as a view takes it: a head index or "mean", unchanged."""
    return value
