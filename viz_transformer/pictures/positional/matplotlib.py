"""Positional encodings in matplotlib: the waves per dimension, tables and their similarity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..common.heatmap_matplotlib import artist_kwargs
from ..common.panels_matplotlib import panel_axes, plot_panels
from ..common.sizes import Width
from ..common.style import get_theme, theme_context
from ..common.theme import ThemeLike
from .view import EncodingTable, PositionalWaves


def plot_positional_waves(
    view: PositionalWaves,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw the sinusoidal encoding's waves: a panel per dimension pair i (sin solid, cos
    dashed, a dot at each integer position, where the encoding is defined), the wavelength in
    its title; returns the axes.

    ``axes``: one per pair (None: a new themed figure). ``**kwargs`` go to every wave's
    ``Line2D`` (e.g. ``linewidth=2``, ``markersize=5``, ``alpha=0.7``).

    >>> axes = vt.plot.positional_waves(vt.views.sinusoidal_waves(dims=(0, 1, 6, 7)))
    """
    t = get_theme(theme)
    pairs = sorted({j // 2 for j in view.dims})
    axes = panel_axes(
        axes,
        len(pairs),
        theme=t,
        width=width,
        aspect=0.16 * len(pairs),
        title=view.title,
        rows=len(pairs),
    )
    with theme_context(t):
        for ax, pair in zip(axes, pairs, strict=True):
            for row, j in enumerate(view.dims):
                if j // 2 != pair:
                    continue
                style = {
                    "linestyle": "-" if j % 2 == 0 else "--",
                    "marker": ".",
                    "markersize": 3,
                    "color": t.head_color(row),  # a colour per dimension drawn, as in plotly
                    "label": view.labels[row],
                }
                ax.plot(view.positions, view.values[row], **artist_kwargs(style, kwargs, Line2D))
                ax.set_title(
                    f"pair i = {pair}: wavelength 2π·10000^(2i/d) = {view.wavelengths[row]:.3g}"
                )
            ax.set_ylim(-1.15, 1.15)
            ax.set_ylabel("PE")
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes[-1].set_xlabel("position")
    return axes


def plot_encoding_tables(
    views: EncodingTable | Sequence[EncodingTable],
    axes: Sequence[Axes] | None = None,
    *,
    cbar: bool = True,
    cbar_ax: Axes | Sequence[Axes] | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw positional-encoding tables: a row per table, the table (position × dimension) and
    its similarity PE·PEᵀ, each on a diverging scale centred at 0; several tables (sinusoidal
    against learned) stack. Returns the axes.

    ``axes``: two per table (None: a new themed figure). ``cbar=False`` draws no colour bar,
    ``cbar_ax`` places them (two per table, as ``vt.plot.panels``). ``**kwargs`` go to
    ``Axes.imshow`` of every panel.

    >>> view = vt.views.encoding_table(vt.sinusoidal_table(32, 64), "sinusoidal")
    >>> axes = vt.plot.encoding_tables(view, interpolation="bilinear")
    """
    views = [views] if isinstance(views, EncodingTable) else list(views)
    panels = [panel for view in views for panel in view.panels]
    title = " vs ".join(view.name for view in views) + ": positional encodings"
    return plot_panels(
        panels,
        axes,
        title=title,
        xlabel="position",
        ylabel="position",
        theme=theme,
        width=width,
        aspect=0.45 * len(views),
        rows=len(views),
        cbar=cbar,
        cbar_ax=cbar_ax,
        **kwargs,
    )
