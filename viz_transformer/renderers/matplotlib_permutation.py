"""The permutation demo in matplotlib: x, f(x), f(shuffled x), and their difference."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..style.sizes import Width
from ..style.theme import ThemeLike
from ..views.permutation import PermutationDemo
from .matplotlib_panels import draw_panels

MAX_WRITTEN = 6  # matrices up to 6 × 6 (the seed's 3 × 3) get their numbers written in


def draw_permutation_demo(
    view: PermutationDemo,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """The demo's panels left to right, rows labelled by token; returns the axes.

    Small matrices carry their numbers, so the seed example reads like the article's table.

    >>> vt.plot.permutation_demo(vt.views.linear_layer_demo())
    """
    panels = view.panels
    axes = draw_panels(
        panels,
        axes,
        title=view.title,
        xlabel="feature",
        ylabel="row (token)",
        theme=theme,
        width=width,
        aspect=0.3,
    )
    for ax, panel in zip(axes, panels, strict=True):
        if max(panel.values.shape) > MAX_WRITTEN:
            continue
        for (row, column), value in np.ndenumerate(panel.values):
            dark_cell = abs(value) > 0.6 * panel.vmax  # the ends of the diverging map are dark
            color = "white" if dark_cell else "black"  # the cell's colour, whatever the theme
            ax.text(column, row, f"{value:.4g}", ha="center", va="center", color=color, fontsize=6)
    return axes
