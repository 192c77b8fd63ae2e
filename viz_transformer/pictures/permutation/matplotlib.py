"""The permutation demo in matplotlib: x, f(x), f(shuffled x), and their difference."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from ..common.panels_matplotlib import plot_panels
from ..common.sizes import Width
from ..common.theme import ThemeLike
from .view import PermutationDemo

MAX_WRITTEN = 6  # matrices up to 6 × 6 (the source articles' 3 × 3) get their numbers written in


def plot_permutation_demo(
    view: PermutationDemo,
    axes: Sequence[Axes] | None = None,
    *,
    cbar: bool = True,
    cbar_ax: Axes | Sequence[Axes] | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw the permutation demo as heatmaps left to right: [x, x shuffled,] f(x), f(x shuffled)
    and their difference once un-shuffled, rows labelled by token; returns the axes.

    ``axes``: one per panel (None: a new themed figure). Small matrices carry their numbers,
    so the source articles' example reads like their table. ``cbar=False`` draws no colour bar,
    ``cbar_ax`` places them (one axes per colour bar, as ``vt.plot.panels``). ``**kwargs`` go
    to ``Axes.imshow`` of every panel.

    >>> axes = vt.plot.permutation_demo(vt.views.linear_layer_demo(), cbar=False)
    """
    panels = view.panels
    axes = plot_panels(
        panels,
        axes,
        title=view.title,
        xlabel="feature",
        ylabel="row (token)",
        theme=theme,
        width=width,
        aspect=0.3,
        cbar=cbar,
        cbar_ax=cbar_ax,
        **kwargs,
    )
    for ax, panel in zip(axes, panels, strict=True):
        if max(panel.values.shape) > MAX_WRITTEN:
            continue
        for (row, column), value in np.ndenumerate(panel.values):
            dark_cell = abs(value) > 0.6 * panel.vmax  # the ends of the diverging map are dark
            color = "white" if dark_cell else "black"  # the cell's colour, whatever the theme
            ax.text(column, row, f"{value:.4g}", ha="center", va="center", color=color, fontsize=6)
    return axes
