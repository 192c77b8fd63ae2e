"""The mask pipeline in matplotlib: scores, mask, masked scores, weights, side by side."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..style.sizes import Width
from ..style.theme import ThemeLike
from ..views.masks import MaskPipeline
from .matplotlib_panels import draw_panels


def draw_mask_pipeline(
    view: MaskPipeline,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """Four heatmaps on ``axes`` (four new ones if None); returns the axes.

    The three score panels share one colour bar, ±max|S|, so masking visibly changes nothing
    but the masked cells; −∞ cells take the theme's masked colour, say "−∞" in small
    matrices, and have the legend "−∞ (masked)"; weights use the fixed 0–1 scale.
    """
    return draw_panels(
        view.panels, axes, title=view.title, xlabel="key", ylabel="query", theme=theme, width=width
    )
