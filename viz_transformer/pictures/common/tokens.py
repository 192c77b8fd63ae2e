"""Token-label policy: every label up to 64 tokens, thinned beyond, none past 256 (hover only).

A label must be readable or absent: the matplotlib primitive also shrinks the font to the
cell size (never below ``MIN_FONT_SIZE``) and thins further when even that does not fit —
but never on a grid of up to ``ALWAYS_LABELED`` tokens, the size of the sentences a learner
reads token by token: there every token keeps its label, at the size its cell allows.
Tokens are shown as text; whitespace becomes a visible "␣" so a space token is not blank.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MAX_LABELED = 64  # every label shown up to this many tokens
MAX_THINNED = 256  # beyond this, no labels: hover (plotly) tells the token
ALWAYS_LABELED = 32  # up to this many tokens no label is ever dropped
MIN_FONT_SIZE = 4.5  # pt; 9.4 px at the theme's 150 dpi


@dataclass(frozen=True)
class TickPlan:
    """Which tokens get a label, at which font size and rotation (degrees)."""

    positions: list[int]
    labels: list[str]
    font_size: float
    rotation: float


def display_token(token: str) -> str:
    """A token as a label: spaces and newlines made visible, empty shown as ∅."""
    if token == "":
        return "∅"
    return token.replace(" ", "␣").replace("\n", "⏎").replace("\t", "⇥")


def text_width_em(text: str) -> float:
    """Approximate width in em: wide (CJK) characters count 1, others 0.6."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def label_step(n: int) -> int | None:
    """Show every ``step``-th label for ``n`` tokens, or None for no labels at all."""
    if n > MAX_THINNED:
        return None
    return max(1, math.ceil(n / MAX_LABELED))


def tick_plan(
    tokens: Sequence[str], axis_points: float, font_size: float, vertical_axis: bool
) -> TickPlan:
    """Labels for an axis ``axis_points`` long (1 pt = 1/72 in) holding one cell per token.

    The font shrinks to the cell height (not below MIN_FONT_SIZE); labels are thinned so each
    has room, except up to ALWAYS_LABELED tokens, where each one is kept; on the horizontal
    axis they are turned 90° when they are wider than their room.
    """
    n = len(tokens)
    step = label_step(n)
    if step is None or n == 0:
        return TickPlan([], [], font_size, 0.0)
    cell = axis_points / n
    size = min(font_size, max(MIN_FONT_SIZE, cell * 0.9))
    if n > ALWAYS_LABELED:
        step = max(step, math.ceil(size * 1.15 / cell))
    positions = list(range(0, n, step))
    labels = [display_token(tokens[i]) for i in positions]
    widest = max(text_width_em(label) for label in labels) * size
    rotation = 0.0 if vertical_axis or widest <= cell * step * 0.9 else 90.0
    return TickPlan(positions, labels, size, rotation)
