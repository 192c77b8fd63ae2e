"""The one matplotlib heatmap every view draws with: a [row, column] array, token labels,
the theme's colour scale with its colour bar, and −∞ cells in their own labelled colour."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap
from matplotlib.image import AxesImage
from matplotlib.patches import Patch

from ..errors import VizTransformerError
from .fonts import font_family
from .scales import MASKED_LABEL, ColorScale, Kind, color_scale, masked_cells
from .sizes import Width, figure_size
from .theme import Theme, ThemeLike, get_theme, theme_context
from .tokens import ALWAYS_LABELED, tick_plan

LEGIBLE_CELL = 6.0  # pt: a label of ~5.4 pt with a little room (11 px inline at 150 dpi)


def heatmap(
    data: np.ndarray,
    ax: Axes | None = None,
    *,
    x_labels: Sequence[str] | None = None,
    y_labels: Sequence[str] | None = None,
    kind: Kind = "weights",
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    colorbar: bool = True,
    theme: ThemeLike = "light",
    width: Width = "one-column",
) -> Axes:
    """Draw ``data`` [rows, columns] as a heatmap on ``ax`` (a new themed figure if None).

    ``kind`` picks the scale (weights: viridis 0–1; scores: RdBu_r symmetric about 0);
    ``cmap``/``vmin``/``vmax`` override it. −∞ cells get the theme's masked colour and a
    legend entry "−∞ (masked)". Returns the axes; the image is ``ax.images[0]``.

    >>> vt.plot.heatmap(weights, x_labels=keys, y_labels=queries, kind="weights")
    """
    values = np.asarray(data, dtype=np.float64)
    if values.ndim != 2:
        raise VizTransformerError(f"a heatmap needs 2-D data, got shape {values.shape}.")
    t = get_theme(theme)
    with theme_context(t):  # text and colour bar created here follow the theme
        created = ax is None
        if created:
            _, ax = plt.subplots(figsize=figure_size(width))
        scale = color_scale(values, kind, cmap, vmin, vmax)
        masked = masked_cells(values)
        image = ax.imshow(
            np.ma.masked_array(values, mask=masked),
            cmap=masked_colormap(scale.cmap, t),
            vmin=scale.vmin,
            vmax=scale.vmax,
            interpolation="nearest",
            aspect="equal",
        )
        label_axes(ax, x_labels, y_labels, xlabel, ylabel)
        if title:
            ax.set_title(title, fontfamily=font_family())
        if colorbar:
            add_colorbar(image, ax, scale)
        if masked.any():
            add_masked_legend(ax, t)
        if created:  # plan the labels again for the size the axes ends up with
            if x_labels is not None or y_labels is not None:
                _grow_to_legible_cells(ax, values.shape)
            label_axes(ax, x_labels, y_labels, laid_out=True)
    return ax


def _grow_to_legible_cells(ax: Axes, shape: tuple[int, ...]) -> None:
    """Lay the figure out; if a labelled grid of up to ALWAYS_LABELED tokens then has cells
    smaller than LEGIBLE_CELL, widen and heighten the figure by what the axes lacks (a
    one-column figure of 27–32 tokens grows a little past the column: every label stays)."""
    figure = ax.get_figure(root=True)
    figure.draw_without_rendering()
    width, height = axes_points(ax, laid_out=True)
    rows, columns = shape
    cell = min(width / columns, height / rows)
    if max(shape) > ALWAYS_LABELED or cell >= LEGIBLE_CELL:
        return
    lacking = (LEGIBLE_CELL - cell) * max(shape) / 72 / 0.95  # inches, on both sides
    figure_width, figure_height = figure.get_size_inches()
    figure.set_size_inches(figure_width + lacking, figure_height + lacking)
    figure.draw_without_rendering()


def masked_colormap(cmap: str, theme: Theme) -> Colormap:
    """``cmap`` whose "bad" colour (used for −∞ cells) is the theme's masked colour."""
    return plt.get_cmap(cmap).with_extremes(bad=theme.masked)


def add_colorbar(image: AxesImage, ax: Axes | Sequence[Axes], scale: ColorScale) -> None:
    """The colour bar of ``image``, labelled with what its colour means (weight, score)."""
    figure = image.figure
    figure.colorbar(image, ax=ax, label=scale.label, shrink=0.9, pad=0.03)


def add_masked_legend(ax: Axes, theme: Theme) -> None:
    """A legend swatch "−∞ (masked)" in the masked colour, above the axes' right corner."""
    swatch = Patch(facecolor=theme.masked, edgecolor=theme.foreground, linewidth=0.4)
    ax.legend(
        [swatch],
        [MASKED_LABEL],
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        borderaxespad=0.2,
        handlelength=1.0,
        handleheight=1.0,
        prop={"family": font_family(), "size": theme.font_size - 1},
    )


def label_axes(
    ax: Axes,
    x_labels: Sequence[str] | None,
    y_labels: Sequence[str] | None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    *,
    laid_out: bool = False,
) -> None:
    """Token labels on both axes following the token-label policy (font shrunk, thinned, turned).

    ``laid_out``: the figure has been laid out, so the axes' size is final (not an estimate).

    >>> vt.plot.label_axes(ax, keys, queries)
    """
    width, height = axes_points(ax, laid_out=laid_out)
    font = font_family()
    for labels, length, vertical in ((x_labels, width, False), (y_labels, height, True)):
        axis = ax.yaxis if vertical else ax.xaxis
        if labels is None:
            continue
        plan = tick_plan(list(labels), length, _tick_font_size(), vertical)
        axis.set_ticks(plan.positions)
        axis.set_ticklabels(
            plan.labels, fontsize=plan.font_size, rotation=plan.rotation, fontfamily=font
        )
    if xlabel:
        ax.set_xlabel(xlabel, fontfamily=font)
    if ylabel:
        ax.set_ylabel(ylabel, fontfamily=font)


def axes_points(ax: Axes, *, laid_out: bool = False) -> tuple[float, float]:
    """The room the axes has, (width, height) in points: before layout about 80 % of its box
    remains after the colour bar; after layout (``laid_out``) the box is final, 5 % in reserve."""
    share = 0.95 if laid_out else 0.8
    box = ax.get_position()
    width, height = ax.get_figure(root=True).get_size_inches()  # also inside a SubFigure
    return box.width * width * 72 * share, box.height * height * 72 * share


def _tick_font_size() -> float:
    from matplotlib import rcParams

    size = rcParams["xtick.labelsize"]
    return float(size) if isinstance(size, (int, float)) else rcParams["font.size"] - 1
