"""The layers × heads grid in matplotlib: one small heatmap per head, one shared colour bar,
token labels on the outer edges only (inner panels would repeat them unreadably small)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap

from ...errors import VizTransformerError
from ..common.heatmap_matplotlib import colorbar_axes, plot_heatmap
from ..common.sizes import WIDTHS, Width
from ..common.style import add_colorbar, color_scale, figure_size, theme_context
from ..common.theme import ThemeLike
from .view import AttentionGrid


def plot_attention_grid(
    view: AttentionGrid,
    axes: np.ndarray | None = None,
    *,
    cmap: str | Colormap | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    cbar: bool = True,
    cbar_ax: Axes | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw every layer and head's attention weights: a small heatmap per (layer, head), one
    shared 0–1 colour bar, token labels on the outer edges.

    ``axes``: a [layer, head] array of axes (None: a new themed figure, ``width`` wide).
    ``cmap``/``vmin``/``vmax`` replace the fixed scale of every panel (the colour bar follows);
    ``cbar=False`` draws no colour bar, ``cbar_ax`` puts it in that axes. ``**kwargs`` go to
    ``Axes.imshow`` of every panel (e.g. ``interpolation="bilinear"``). Returns the axes array;
    panel (l, h) holds its matrix at ``axes[l, h].images[0]``.

    >>> view = vt.views.attention_grid(run.cache, "cross", queries, keys)
    >>> axes = vt.plot.attention_grid(view, vmax=0.5)
    """
    n_layers, n_heads = view.weights.shape[:2]
    (cax,) = colorbar_axes(cbar_ax, 1)
    axes = _grid_axes(axes, n_layers, n_heads, view.title, theme, width)
    for (layer, head), ax in np.ndenumerate(axes):
        outer_left, bottom = head == 0, layer == n_layers - 1
        plot_heatmap(
            view.weights[layer, head],
            ax,
            x_labels=view.key_tokens if bottom else None,
            y_labels=view.query_tokens if outer_left else None,
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            title=f"head {head}" if layer == 0 else None,
            ylabel=f"layer {layer}" if outer_left else None,
            cbar=False,
            theme=theme,
            **kwargs,
        )
        if not outer_left:
            ax.set_yticks([])
        if not bottom:
            ax.set_xticks([])
    if cbar:
        with theme_context(theme):
            scale = color_scale(view.weights, "weights", cmap, vmin, vmax)
            add_colorbar(axes[0, 0].images[0], list(axes.ravel()), scale, cax=cax)
    return axes


SIDE_INCHES = 1.9  # row labels, tick labels and the colour bar beside the panels
TOP_BOTTOM_INCHES = 1.2  # title, head titles and tick labels above and below them


def grid_aspect(n_layers: int, n_heads: int, width: float) -> float:
    """Height / width of a figure whose square panels fill the width (at most 1.4)."""
    panel = (width - SIDE_INCHES) / n_heads
    return min(1.4, (n_layers * panel + TOP_BOTTOM_INCHES) / width)


def _grid_axes(
    axes: np.ndarray | None,
    n_layers: int,
    n_heads: int,
    title: str,
    theme: ThemeLike,
    width: Width,
) -> np.ndarray:
    """A writer's [layer, head] axes, checked, or a new themed figure with the title on top."""
    if axes is not None:
        axes = np.asarray(axes, dtype=object)
        if axes.shape != (n_layers, n_heads):
            raise VizTransformerError(
                f"the grid needs a {n_layers} × {n_heads} array of axes, got shape {axes.shape}."
            )
        return axes
    with theme_context(theme):
        size = figure_size(width, aspect=grid_aspect(n_layers, n_heads, WIDTHS[width]))
        figure, created = plt.subplots(n_layers, n_heads, figsize=size, squeeze=False)
        figure.suptitle(title)
    return created
