"""A row of heatmap panels in matplotlib, drawn with the style's one heatmap: new themed axes
or a writer's own, one colour bar per run of panels on the same scale, −∞ cells labelled."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from ...errors import VizTransformerError
from .heatmap_matplotlib import axes_points, colorbar_axes, plot_heatmap
from .panel import Panel, scale_groups
from .scales import contrasting_text
from .sizes import Width
from .style import (
    add_colorbar,
    color_scale,
    figure_size,
    font_family,
    get_theme,
    label_axes,
    theme_context,
)
from .theme import ThemeLike

MAX_WRITTEN = 10  # "−∞" is written in each masked cell up to this many rows and columns
MIN_WRITTEN_SIZE = 6.0  # pt (12.5 px inline at 150 dpi): smaller, "−∞" is left to the legend


def panel_axes(
    axes: Axes | Sequence[Axes] | None,
    n: int,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    aspect: float = 0.3,
    title: str | None = None,
    rows: int = 1,
) -> np.ndarray:
    """``n`` axes (flat, row by row): a new figure of ``rows`` rows, titled ``title``, if
    ``axes`` is None, else ``axes``.

    A picture of several panels never draws on the current axes (as seaborn's figure-level
    functions make their own figure): ``axes=None`` is always a new figure. A writer composing
    an article figure passes their own axes; the title then stays theirs to set, so the
    suptitle is only added to a figure made here.
    """
    if axes is None:
        with theme_context(theme):
            size = figure_size(width, aspect)
            figure, created = plt.subplots(rows, -(-n // rows), figsize=size, squeeze=False)
            if title:
                figure.suptitle(title)
        return created.ravel()
    flat = np.asarray(axes, dtype=object).ravel()
    if flat.size != n:
        raise VizTransformerError(f"this picture draws {n} panels; pass {n} axes, got {flat.size}.")
    return flat


def plot_panels(
    panels: Sequence[Panel],
    axes: Sequence[Axes] | None = None,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    cbar: bool = True,
    cbar_ax: Axes | Sequence[Axes] | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    aspect: float = 0.32,
    rows: int = 1,
    **kwargs: Any,
) -> np.ndarray:
    """Draw each panel as a heatmap, left to right in ``rows`` rows; returns the axes (flat;
    the image of panel i is ``axes[i].images[0]``).

    ``axes``: one per panel (None: a new themed figure). Neighbouring panels of one row on the
    same fixed scale share a colour bar, right of the last of them; ``cbar=False`` draws none,
    ``cbar_ax`` places them (one axes per colour bar, left to right, row by row).
    ``**kwargs`` go to ``Axes.imshow`` of every panel (e.g. ``interpolation="bilinear"``);
    ``cmap``, ``vmin`` and ``vmax`` among them replace every panel's own (colour bars follow).

    >>> vt.plot.panels([vt.views.head_entropy(run.cache, "encoder")])
    """
    limits = {key: kwargs.pop(key) for key in ("vmin", "vmax") if key in kwargs}
    panels = [dataclasses.replace(panel, **limits) for panel in panels] if limits else panels
    created = axes is None
    axes = panel_axes(
        axes, len(panels), theme=theme, width=width, aspect=aspect, title=title, rows=rows
    )
    columns = -(-len(panels) // rows)
    groups = scale_groups(panels, columns)
    caxes = colorbar_axes(cbar_ax, len(groups)) if cbar else []
    for index, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
        plot_heatmap(
            panel.values,
            ax,
            x_labels=panel.x_labels,
            y_labels=panel.y_labels,
            kind=panel.kind,
            vmin=panel.vmin,
            vmax=panel.vmax,
            title=panel.title,
            xlabel=panel.xlabel or xlabel,
            ylabel=panel.ylabel or (ylabel if index % columns == 0 else None),
            cbar=False,
            theme=theme,
            **kwargs,
        )
        left = panels[index - 1] if index % columns else None
        if left is not None and (left.y_labels, left.values.shape) == (
            panel.y_labels,
            panel.values.shape,
        ):
            ax.tick_params(labelleft=False)  # aligned rows, named on the left: room for cells
    with theme_context(theme):
        for group, cax in zip(groups, caxes, strict=False):  # none when cbar is False
            last = panels[group[-1]]
            scale = color_scale(last.values, last.kind, vmin=last.vmin, vmax=last.vmax)
            scale = dataclasses.replace(scale, label=last.label or scale.label)
            add_colorbar(axes[group[-1]].images[0], [axes[i] for i in group], scale, cax=cax)
    one_masked_legend_below(axes, theme)
    if created:
        relabel_after_layout(axes, panels, theme)
    for ax, panel in zip(axes, panels, strict=True):  # sized to the cells the layout left
        write_masked_cells(ax, panel.values, theme, laid_out=created)
    return axes


def relabel_after_layout(axes: Sequence[Axes], panels: Sequence[Panel], theme: ThemeLike) -> None:
    """Lay the figure out, then plan the token labels again for the panels' final sizes.

    Before layout an axes of a row is smaller than it ends up (the heatmap plans its labels
    from that size, and thins labels that would fit); constrained layout also needs this
    second pass to make room for the colour bars' labels.
    """
    axes[0].figure.draw_without_rendering()
    with theme_context(theme):
        for ax, panel in zip(axes, panels, strict=True):
            label_axes(ax, panel.x_labels, panel.y_labels, laid_out=True)


def write_masked_cells(
    ax: Axes, values: np.ndarray, theme: ThemeLike, *, laid_out: bool = False
) -> None:
    """Write "−∞" in every −∞ cell of a matrix small enough for the text to fit: as large as
    the cell allows (up to the theme's text size, at least ``MIN_WRITTEN_SIZE``), in black or
    white, whichever contrasts more with the masked colour."""
    if max(values.shape) > MAX_WRITTEN or not np.isneginf(values).any():
        return
    t = get_theme(theme)
    width, height = axes_points(ax, laid_out=laid_out)
    cell = min(width / values.shape[1], height / values.shape[0])
    size = min(t.font_size, cell * 0.9 / _minus_infinity_em())  # 90 % of the cell's width
    if size < MIN_WRITTEN_SIZE:
        return
    color = contrasting_text(t.masked)
    for row, column in zip(*np.nonzero(np.isneginf(values)), strict=True):
        ax.text(column, row, "−∞", ha="center", va="center", color=color, fontsize=size)


@functools.cache
def _minus_infinity_em() -> float:
    """The advance width of "−∞" in the label font, in em (about 1.67 in DejaVu Sans)."""
    font = FontProperties(family=font_family(), size=1)
    return text_to_path.get_text_width_height_descent("−∞", font, ismath=False)[0]


def one_masked_legend_below(axes: Sequence[Axes], theme: ThemeLike) -> None:
    """Replace the panels' "−∞ (masked)" legends by one under the figure, clear of titles
    and tick labels."""
    legends = [ax.get_legend() for ax in axes if ax.get_legend() is not None]
    if not legends:
        return
    handles, labels = legends[0].legend_handles, [t.get_text() for t in legends[0].get_texts()]
    for legend in legends:
        legend.remove()
    with theme_context(theme):
        axes[0].figure.legend(handles, labels, loc="outside lower center")
