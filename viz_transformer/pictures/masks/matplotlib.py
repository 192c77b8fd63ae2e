"""The mask pipeline in matplotlib: scores, mask, masked scores, weights, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from ..common.panels_matplotlib import plot_panels
from ..common.sizes import Width
from ..common.theme import ThemeLike
from .view import MaskPipeline

# tokens; longer sequences get a 2 × 2 grid. In one row of a two-column figure a panel is
# ~1.2 in wide: up to 7 tokens its cells hold "−∞" at ≥ 6 pt, at 8 it would shrink below
ONE_ROW_UP_TO = 7


def plot_mask_pipeline(
    view: MaskPipeline,
    axes: Sequence[Axes] | None = None,
    *,
    cbar: bool = True,
    cbar_ax: Sequence[Axes] | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw the mask pipeline: four heatmaps, scores, mask, masked scores and weights.

    ``axes``: four axes (None: a new themed figure, in a row, or 2 × 2 beyond
    ``ONE_ROW_UP_TO`` tokens, so labels stay readable). Returns the axes.

    The three score panels share one colour bar, ±max|S|, so masking visibly changes nothing
    but the masked cells; −∞ cells take the theme's masked colour, say "−∞" in small
    matrices, and have the legend "−∞ (masked)"; weights use the fixed 0–1 scale.
    ``cbar=False`` draws no colour bar; ``cbar_ax`` places them: two axes, the scores' and
    the weights' (in a 2 × 2 grid: three, the second row's scores on their own; a writer's
    ``axes`` as a flat sequence are one row, as a 2-D array their rows).
    ``**kwargs`` go to ``Axes.imshow`` of every panel.

    >>> view = vt.views.mask_pipeline(cache, (src, tgt), "decoder", layer=0, head=0)
    >>> axes = vt.plot.mask_pipeline(view)
    """
    if axes is None:
        rows = 1 if max(view.scores.shape) <= ONE_ROW_UP_TO else 2
    else:  # a writer's axes: a flat sequence is one row, a 2-D array has its own rows
        shape = np.asarray(axes, dtype=object).shape
        rows = shape[0] if len(shape) == 2 else 1
    return plot_panels(
        view.panels,
        axes,
        title=view.title,
        xlabel="key",
        ylabel="query",
        theme=theme,
        width=width,
        aspect=0.42 if rows == 1 else 0.8,
        rows=rows,
        cbar=cbar,
        cbar_ax=cbar_ax,
        **kwargs,
    )
