"""Figure sizes that fit an article: one column (~3.5 in) or two columns (~7.2 in) wide."""

from __future__ import annotations

from typing import Literal

from ...errors import VizTransformerError

Width = Literal["one-column", "two-column"]

ONE_COLUMN_INCHES = 3.5
TWO_COLUMN_INCHES = 7.2
WIDTHS = {"one-column": ONE_COLUMN_INCHES, "two-column": TWO_COLUMN_INCHES}


def figure_size(width: Width = "one-column", aspect: float = 0.85) -> tuple[float, float]:
    """(width, height) in inches for an article column; ``aspect`` = height / width."""
    if width not in WIDTHS:
        raise VizTransformerError(f"width must be one of {list(WIDTHS)}, got {width!r}")
    inches = WIDTHS[width]
    return inches, round(inches * aspect, 3)
