"""The layers × heads grid in matplotlib: one small heatmap per head, one shared colour bar,
token labels on the outer edges only (inner panels would repeat them unreadably small)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..errors import VizTransformerError
from ..style import add_colorbar, color_scale, figure_size, heatmap, theme_context
from ..style.sizes import WIDTHS, Width
from ..style.theme import ThemeLike
from ..views.attention_grid import AttentionGrid


def plot_attention_grid(
    view: AttentionGrid,
    axes: np.ndarray | None = None,
    *,
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """Draw ``view.weights[layer, head]`` on a [layer, head] array of axes (new if None).

    Returns the axes array; panel (l, h) holds its matrix at ``axes[l, h].images[0]``.

    >>> vt.plot.attention_grid(view)  # view = vt.views.attention_grid(...)
    """
    n_layers, n_heads = view.weights.shape[:2]
    axes = _grid_axes(axes, n_layers, n_heads, view.title, theme, width)
    for (layer, head), ax in np.ndenumerate(axes):
        outer_left, bottom = head == 0, layer == n_layers - 1
        heatmap(
            view.weights[layer, head],
            ax,
            x_labels=view.key_tokens if bottom else None,
            y_labels=view.query_tokens if outer_left else None,
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            title=f"head {head}" if layer == 0 else None,
            ylabel=f"layer {layer}" if outer_left else None,
            colorbar=False,
            theme=theme,
        )
        if not outer_left:
            ax.set_yticks([])
        if not bottom:
            ax.set_xticks([])
    with theme_context(theme):
        scale = color_scale(view.weights, "weights", cmap, vmin, vmax)
        add_colorbar(axes[0, 0].images[0], list(axes.ravel()), scale)
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
