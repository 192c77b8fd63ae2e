"""A head dropdown whose first choice is the mean over heads.

The choice is the string "mean", not None: a browser cannot select a None option (the
dropdown shows blank), while the views take None to mean "average the heads"."""

from __future__ import annotations

import ipywidgets as widgets

MEAN = "mean"


def head_options(n_heads: int) -> list[tuple[str, int | str]]:
    return [(MEAN, MEAN)] + [(str(h), h) for h in range(n_heads)]


def head_dropdown() -> widgets.Dropdown:
    return widgets.Dropdown(options=head_options(0), value=MEAN, description="head")


def view_head(value: int | str) -> int | None:
    """The dropdown's value as a view takes it: a head index, or None for the mean."""
    return None if value == MEAN else value
