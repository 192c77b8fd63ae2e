"""The mask pipeline in matplotlib: scores, mask, masked scores, weights, side by side."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..style.sizes import Width
from ..style.theme import ThemeLike
from ..views.masks import MaskPipeline
from .matplotlib_panels import draw_panels

# tokens; longer sequences get a 2 × 2 grid. In one row of a two-column figure a panel is
# ~1.2 in wide: up to 7 tokens its cells hold "−∞" at ≥ 6 pt, at 8 it would shrink below
ONE_ROW_UP_TO = 7


def draw_mask_pipeline(
    view: MaskPipeline,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """Four heatmaps on ``axes`` (if None, new ones: in a row, or 2 × 2 beyond
    ``ONE_ROW_UP_TO`` tokens, so labels stay readable); returns the axes.

    The three score panels share one colour bar, ±max|S|, so masking visibly changes nothing
    but the masked cells; −∞ cells take the theme's masked colour, say "−∞" in small
    matrices, and have the legend "−∞ (masked)"; weights use the fixed 0–1 scale.

    >>> vt.plot.mask_pipeline(view)  # view = vt.views.mask_pipeline(...)
    """
    rows = 1 if max(view.scores.shape) <= ONE_ROW_UP_TO else 2
    return draw_panels(
        view.panels,
        axes,
        title=view.title,
        xlabel="key",
        ylabel="query",
        theme=theme,
        width=width,
        aspect=0.42 if rows == 1 else 0.8,
        rows=rows,
    )
