"""The neuron view in matplotlib: q and k per dimension, q ⊙ k, the query's scores over every
key and their softmax weights, one strip under the other, the chosen key outlined and, for a
short text, every score and weight written in its cell."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke

from ..common.panels_matplotlib import plot_panels, relabel_after_layout
from ..common.scales import contrasting_text
from ..common.sizes import Width, figure_size
from ..common.style import get_theme, theme_context
from ..common.theme import Theme, ThemeLike
from .view import NeuronView

KEY_PANELS = (2, 3)  # the scores and the weights: one cell per key
HEIGHTS = (2, 1, 1, 1)  # strips in rows of cells: q and k, q ⊙ k, scores, weights
MAX_WRITTEN = 16  # keys up to which each score and weight is written in its cell


def plot_neuron(
    view: NeuronView,
    axes: Sequence[Axes] | None = None,
    *,
    cbar: bool = True,
    cbar_ax: Sequence[Axes] | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw why attention is a dot product: four strips, top to bottom, q and k per dimension,
    their product q ⊙ k (its sum is q·k), the query's scores s = q·k/√dₖ over every key and
    their softmax weights, with the chosen key outlined; returns the four axes.

    q, k and q ⊙ k are on diverging scales centred at 0 with symmetric limits (q and k share
    one); scores likewise (−∞ for masked keys in their own colour), weights on 0–1. Up to
    ``MAX_WRITTEN`` keys each score and weight is also written in its cell.
    ``axes``: four axes (None: a new themed figure). ``cbar=False`` draws no colour bar;
    ``cbar_ax`` places the four (q and k, q ⊙ k, scores, weights). ``**kwargs`` go to
    ``Axes.imshow`` of every strip (``aspect="auto"`` unless given: strips fill the width).

    >>> view = vt.views.neuron(run.cache, "encoder", layer=0, head=0, query=3, key=5)
    >>> axes = vt.plot.neuron(view)
    """
    panels = view.panels
    created = axes is None
    if created:
        with theme_context(theme):
            figure, axes = plt.subplots(len(panels), 1, figsize=figure_size(width, 0.8),
                                        height_ratios=HEIGHTS)  # fmt: skip
            figure.suptitle(view.title)
    axes = plot_panels(panels, axes, theme=theme, width=width, cbar=cbar, cbar_ax=cbar_ax,
                       **{"aspect": "auto", **kwargs})  # fmt: skip
    if created:
        relabel_after_layout(axes, panels, theme)
    t = get_theme(theme)
    halo = [withStroke(linewidth=4, foreground=t.background)]  # seen on dark and light cells
    for index in KEY_PANELS:
        outline = Rectangle((view.key - 0.5, -0.5), 1, 1, fill=False, edgecolor=t.foreground,
                            lw=1.5, path_effects=halo)  # fmt: skip
        axes[index].add_patch(outline)
        if len(view.key_tokens) <= MAX_WRITTEN:
            write_values(axes[index], t, t.font_size - 1.5)
    return axes


def write_values(ax: Axes, theme: Theme, size: float) -> None:
    """Each cell's value written in it (two decimals, "−∞" where masked), black or white,
    whichever contrasts more with the cell's colour."""
    image = ax.images[0]
    masked = np.ma.getmaskarray(image.get_array())[0]
    for column, value in enumerate(np.ma.getdata(image.get_array())[0]):
        cell = theme.masked if masked[column] else to_hex(image.cmap(image.norm(value)))
        text = "−∞" if masked[column] else f"{value:.2f}"
        ax.text(column, 0, text, ha="center", va="center", color=contrasting_text(cell),
                fontsize=size)  # fmt: skip
