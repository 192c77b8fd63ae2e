"""Positional encodings in matplotlib: the waves per dimension, tables and their similarity."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..style import get_theme, theme_context
from ..style.sizes import Width
from ..style.theme import ThemeLike
from ..views.positional import EncodingTable, PositionalWaves
from .matplotlib_panels import draw_panels, panel_axes


def draw_positional_waves(
    view: PositionalWaves,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """One panel per dimension pair i (sin solid, cos dashed, a dot at each integer position,
    where the encoding is defined), the wavelength in its title; returns the axes.

    >>> vt.plot.positional_waves(vt.views.sinusoidal_waves())
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
                style = "-" if j % 2 == 0 else "--"
                color = t.head_color(row)  # a colour per dimension drawn, as in plotly
                ax.plot(
                    view.positions,
                    view.values[row],
                    style,
                    marker=".",
                    markersize=3,
                    color=color,
                    label=view.labels[row],
                )
                ax.set_title(
                    f"pair i = {pair}: wavelength 2π·10000^(2i/d) = {view.wavelengths[row]:.3g}"
                )
            ax.set_ylim(-1.15, 1.15)
            ax.set_ylabel("PE")
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes[-1].set_xlabel("position")
    return axes


def draw_encoding_tables(
    views: EncodingTable | Sequence[EncodingTable],
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """One row per table: the table (position × dimension) and its similarity PE·PEᵀ, each
    on a diverging scale centred at 0; several tables (sinusoidal against learned) stack.

    >>> vt.plot.encoding_tables(vt.views.encoding_table(vt.sinusoidal_table(32, 64), "sinusoidal"))
    """
    views = [views] if isinstance(views, EncodingTable) else list(views)
    panels = [panel for view in views for panel in view.panels]
    title = " vs ".join(view.name for view in views) + ": positional encodings"
    return draw_panels(
        panels,
        axes,
        title=title,
        xlabel="position",
        ylabel="position",
        theme=theme,
        width=width,
        aspect=0.45 * len(views),
        rows=len(views),
    )
