"""The one matplotlib heatmap every view draws with: a [row, column] array, token labels,
the theme's colour scale with its colour bar, and −∞ cells in their own labelled colour.

It also holds the conventions every ``vt.plot`` function shares (issue 13, the seaborn habits):

- ``ax=None`` (pictures of one axes): ``axes_to_draw_on`` — the current axes (``plt.gca()``)
  when a figure is open and its current axes is still empty, else a new themed figure sized
  for the picture. A current axes that already holds a picture is not drawn over: two calls
  in a row give two figures, as they always did (and as a notebook loop expects).
- ``axes=None`` (pictures of several panels, like seaborn's figure-level functions): a new
  themed figure with a panel per picture part.
- ``**kwargs`` go to the picture's main artist (``artist_kwargs``: over the picture's own
  defaults, matplotlib's aliases such as ``lw`` understood).
- ``cbar=True|False`` and ``cbar_ax=None`` (seaborn's names) wherever a colour bar is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cbook import normalize_kwargs
from matplotlib.colorbar import Colorbar
from matplotlib.colors import Colormap
from matplotlib.image import AxesImage
from matplotlib.patches import Patch

from ...errors import VizTransformerError
from .fonts import font_family
from .scales import MASKED_LABEL, ColorScale, Kind, color_scale, masked_cells
from .sizes import Width, figure_size
from .theme import Theme, ThemeLike, get_theme, theme_context
from .tokens import ALWAYS_LABELED, tick_plan

LEGIBLE_CELL = 6.0  # pt: a label of ~5.4 pt with a little room (11 px inline at 150 dpi)


def axes_to_draw_on(
    ax: Axes | None, figsize: tuple[float, float], theme: ThemeLike, **figure_kw: Any
) -> tuple[Axes, bool]:
    """The axes a one-axes picture draws on, and whether a new figure was made for it.

    ``ax`` when given; else the current axes (``plt.gca()``, seaborn's habit) if a figure is
    open and that axes holds no data yet (``plt.figure()`` or ``plt.subplots()`` just made it);
    else a new figure of ``figsize`` inches in the theme (``figure_kw`` to ``plt.subplots``).
    """
    if ax is not None:
        return ax, False
    if plt.get_fignums():
        current = plt.gca()
        if not current.has_data():
            return current, False
    with theme_context(theme):
        _, ax = plt.subplots(figsize=figsize, **figure_kw)
    return ax, True


def artist_kwargs(
    defaults: dict[str, Any], kwargs: dict[str, Any], artist: type[Artist]
) -> dict[str, Any]:
    """The picture's keywords for an artist, with the caller's ``kwargs`` over them; aliases
    (``lw``, ``c``, ``ec`` …) are turned into the artist's own names first, so a caller's
    ``lw=2`` replaces a default ``linewidth`` instead of clashing with it."""
    return {**normalize_kwargs(defaults, artist), **normalize_kwargs(kwargs, artist)}


def plot_heatmap(
    data: np.ndarray,
    ax: Axes | None = None,
    *,
    x_labels: Sequence[str] | None = None,
    y_labels: Sequence[str] | None = None,
    kind: Kind = "weights",
    cmap: str | Colormap | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    cbar: bool = True,
    cbar_ax: Axes | None = None,
    theme: ThemeLike = "light",
    width: Width = "one-column",
    **kwargs: Any,
) -> Axes:
    """Draw ``data`` [rows, columns] as a heatmap; returns the axes (the image is ``ax.images[0]``).

    ``ax``: the axes to draw on; None: the current axes if a figure is open and that axes is
    still empty, else a new themed figure (``width``), grown until labelled cells are legible.
    ``kind`` picks the scale (weights: viridis 0–1; scores: RdBu_r symmetric about 0);
    ``cmap``/``vmin``/``vmax`` override it (the colour bar follows). −∞ cells get the theme's
    masked colour and a legend entry "−∞ (masked)". ``cbar``: draw the colour bar, in
    ``cbar_ax`` if given (else beside ``ax``). ``**kwargs`` go to ``Axes.imshow``
    (e.g. ``interpolation="bilinear"``, ``alpha=0.8``, ``aspect="auto"``, ``norm=``).

    >>> vt.plot.heatmap(weights, x_labels=keys, y_labels=queries, kind="weights")
    """
    values = np.asarray(data, dtype=np.float64)
    if values.ndim != 2:
        raise VizTransformerError(f"a heatmap needs 2-D data, got shape {values.shape}.")
    t = get_theme(theme)
    with theme_context(t):  # text and colour bar created here follow the theme
        ax, created = axes_to_draw_on(ax, figure_size(width), t)
        scale = color_scale(values, kind, cmap, vmin, vmax)
        masked = masked_cells(values)
        image_kw: dict[str, Any] = {"interpolation": "nearest", "aspect": "equal"}
        if "norm" not in kwargs:  # a caller's norm brings its own limits
            image_kw.update(vmin=scale.vmin, vmax=scale.vmax)
        image = ax.imshow(
            np.ma.masked_array(values, mask=masked),
            cmap=masked_colormap(scale.cmap, t),
            **artist_kwargs(image_kw, kwargs, AxesImage),
        )
        label_axes(ax, x_labels, y_labels, xlabel, ylabel)
        if title:
            ax.set_title(title, fontfamily=font_family())
        if cbar:
            add_colorbar(image, ax, scale, cax=cbar_ax)
        if masked.any():
            add_masked_legend(ax, t)
        if created:  # plan the labels again for the size the axes ends up with
            if x_labels is not None or y_labels is not None:
                _grow_to_legible_cells(ax, values.shape)
            label_axes(ax, x_labels, y_labels, laid_out=True)
    return ax


heatmap = plot_heatmap  # the name ``common.style`` re-exports to the pictures' modules


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


def masked_colormap(cmap: str | Colormap, theme: Theme) -> Colormap:
    """``cmap`` whose "bad" colour (used for −∞ cells) is the theme's masked colour."""
    return plt.get_cmap(cmap).with_extremes(bad=theme.masked)


def add_colorbar(
    image: AxesImage, ax: Axes | Sequence[Axes], scale: ColorScale, *, cax: Axes | None = None
) -> Colorbar:
    """The colour bar of ``image``, labelled with what its colour means (weight, score):
    in ``cax`` when given (a writer's own axes: horizontal if it is wider than tall), else
    taking room beside ``ax``."""
    figure = image.figure
    if cax is not None:
        box = cax.get_window_extent()
        orientation = "horizontal" if box.width > box.height else "vertical"
        return figure.colorbar(image, cax=cax, label=scale.label, orientation=orientation)
    return figure.colorbar(image, ax=ax, label=scale.label, shrink=0.9, pad=0.03)


def colorbar_axes(cbar_ax: Axes | Sequence[Axes] | None, n: int) -> list[Axes | None]:
    """One axes (or None: beside the panels) for each of the ``n`` colour bars of a picture:
    ``cbar_ax`` is one axes (a picture of one colour bar) or a sequence of ``n`` axes."""
    if cbar_ax is None:
        return [None] * n
    given = (
        [cbar_ax] if isinstance(cbar_ax, Axes) else list(np.asarray(cbar_ax, dtype=object).ravel())
    )
    if len(given) != n:
        raise VizTransformerError(
            f"this picture draws {n} colour bar{'s' if n != 1 else ''}; pass cbar_ax as "
            f"{'one axes' if n == 1 else f'{n} axes'}, got {len(given)}."
        )
    return given


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
