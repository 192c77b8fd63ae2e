"""Positional encodings in plotly: the waves per dimension pair, tables and their similarity."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.panels_plotly import panels_figure
from ..common.style import get_theme, plotly_layout
from ..common.theme import ThemeLike
from .view import EncodingTable, PositionalWaves


def positional_waves_figure(view: PositionalWaves, *, theme: ThemeLike = "light") -> go.Figure:
    """The sinusoidal encoding's waves in plotly: one subplot per dimension pair (sin solid,
    cos dashed), traces in the order of ``dims``.

    >>> vt.figures.positional_waves(vt.views.sinusoidal_waves())
    """
    t = get_theme(theme)
    pairs = sorted({j // 2 for j in view.dims})
    titles = [
        f"pair i = {i}: wavelength {view.wavelengths[[j // 2 for j in view.dims].index(i)]:.3g}"
        for i in pairs
    ]
    figure = make_subplots(rows=len(pairs), cols=1, subplot_titles=titles, shared_xaxes=True)
    for row, j in enumerate(view.dims):
        figure.add_trace(
            go.Scatter(
                x=view.positions,
                y=view.values[row],
                mode="lines+markers",
                marker={"size": 4},
                # a colour per dimension drawn (as in matplotlib), the dash tells sin from cos
                line={"dash": "solid" if j % 2 == 0 else "dash", "color": t.head_color(row)},
                name=view.labels[row],
                hovertemplate=f"{view.labels[row]}<br>position %{{x}}<br>PE %{{y:.4f}}<extra></extra>",
            ),
            row=pairs.index(j // 2) + 1,
            col=1,
        )
    figure.update_yaxes(range=[-1.15, 1.15], title_text="PE")
    figure.update_xaxes(title_text="position", row=len(pairs), col=1)
    figure.update_layout(
        **plotly_layout(theme), title={"text": view.title}, width=900, height=140 + 170 * len(pairs)
    )
    return figure


def encoding_tables_figure(
    views: EncodingTable | Sequence[EncodingTable], *, theme: ThemeLike = "light"
) -> go.Figure:
    """Positional-encoding tables in plotly: one row per table, the table (position ×
    dimension) and its similarity PE·PEᵀ.

    >>> view = vt.views.encoding_table(vt.sinusoidal_table(32, 64), "sinusoidal")
    >>> vt.figures.encoding_tables(view)
    """
    views = [views] if isinstance(views, EncodingTable) else list(views)
    panels = [panel for view in views for panel in view.panels]
    title = " vs ".join(view.name for view in views) + ": positional encodings"
    return panels_figure(
        panels, title=title, xlabel="position", ylabel="position", theme=theme, rows=len(views)
    )
