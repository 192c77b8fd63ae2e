"""The architecture map as a clickable plotly figure.

The boxes are one horizontal bar trace (``data[0]``): a bar is clickable over its whole
area, and each bar's ``customdata`` is its block's path, so a click names the block. Hover
lists every hook of the block with its shape. The notes (shown hook and shape) are a text
trace (``data[1]``); spines, residual paths, layer bands and cross-attention arrows are
layout shapes and annotations. The axes are in pixels of the figure and do not zoom.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.style import get_theme, plotly_layout
from ..common.theme import ThemeLike
from .layout import (
    BOX_HEIGHT,
    KIND_COLORS,
    LABEL_SIZE,
    NOTE_SIZE,
    MapLayout,
    Point,
    hover_text,
    map_layout,
)
from .view import ArchitectureMap

SELECTED_LINE = 3.0  # px, the outline of the selected block


def architecture_figure(
    view: ArchitectureMap, *, selected: str | None = None, theme: ThemeLike = "light"
) -> go.Figure:
    """The architecture map of ``view`` in plotly: a box per block (hover lists its hooks and
    their shapes), residual and cross-attention arrows; the block whose path is ``selected``
    is outlined.

    >>> vt.figures.architecture(vt.views.architecture_map(model, run.cache))
    """
    layout = map_layout(view)
    t = get_theme(theme)
    boxes = layout.boxes
    paths = [b.block.path for b in boxes]
    bars = go.Bar(
        orientation="h",
        y=[b.centre[1] for b in boxes],
        base=[b.x0 for b in boxes],
        x=[b.x1 - b.x0 for b in boxes],
        width=BOX_HEIGHT,
        customdata=paths,
        hovertext=[hover_text(b.block) for b in boxes],
        hovertemplate="%{hovertext}<extra></extra>",
        text=[b.block.label for b in boxes],
        textposition="inside",
        insidetextanchor="middle",
        textfont={"size": LABEL_SIZE, "color": "#222222"},
        marker={
            "color": [KIND_COLORS[b.block.kind] for b in boxes],
            "line": selection_outline(paths, selected, t.foreground),
        },
        name="blocks",
        showlegend=False,
    )
    notes = go.Scatter(
        x=[b.note_x for b in boxes],
        y=[b.centre[1] for b in boxes],
        text=[b.note for b in boxes],
        mode="text",
        textposition=["middle left" if b.note_align == "right" else "middle right" for b in boxes],
        textfont={"size": NOTE_SIZE, "color": t.foreground},
        hoverinfo="skip",
        name="hooks",
        showlegend=False,
    )
    hidden = {"visible": False, "fixedrange": True}
    figure = go.Figure(
        [bars, notes],
        {
            **plotly_layout(theme),
            "width": layout.width,
            "height": layout.height + 40,
            "margin": {"l": 0, "r": 0, "t": 40, "b": 0},
            "title": {"text": layout.title, "font": {"size": 13}},
            "xaxis": {**hidden, "range": [0, layout.width]},
            "yaxis": {**hidden, "range": [0, layout.height]},
            "shapes": _shapes(layout, t.foreground),
            "annotations": _annotations(layout, t.foreground),
            "dragmode": False,
            "hovermode": "closest",
            "uniformtext": {"minsize": LABEL_SIZE - 1, "mode": "show"},
        },
    )
    return figure


def selection_outline(paths: list[str], selected: str | None, colour: str) -> dict:
    """Bar outlines: thick on the selected block, hairline elsewhere."""
    return {
        "color": [colour if p == selected else "#999999" for p in paths],
        "width": [SELECTED_LINE if p == selected else 0.5 for p in paths],
    }


def _polyline(points: list[Point], colour: str, width: float = 1.2, dash: str = "solid") -> dict:
    path = "M " + " L ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return {"type": "path", "path": path, "line": {"color": colour, "width": width, "dash": dash},
            "layer": "below"}  # fmt: skip


def _shapes(layout: MapLayout, colour: str) -> list[dict]:
    bands = [
        {"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "layer": "below",
         "fillcolor": "rgba(120,120,120,0.07)", "line": {"width": 0}}
        for x0, x1, y0, y1 in layout.bands
    ]  # fmt: skip
    spines = [_polyline([a, b], colour) for a, b in layout.spines]
    residuals = [_polyline(p, "#777777", 1.0) for p in layout.residuals]
    cross = [_polyline(p, "#1f5fa8", 1.4) for p in layout.cross]
    return bands + spines + residuals + cross


def _arrowhead(points: list[Point], colour: str) -> dict:
    """An arrowhead on the last segment of a polyline (an annotation without text)."""
    (ax, ay), (x, y) = points[-2], points[-1]
    return {"x": x, "y": y, "ax": ax, "ay": ay, "xref": "x", "yref": "y", "axref": "x",
            "ayref": "y", "text": "", "showarrow": True, "arrowhead": 2, "arrowsize": 1,
            "arrowwidth": 1.2, "arrowcolor": colour, "standoff": 0}  # fmt: skip


def _annotations(layout: MapLayout, colour: str) -> list[dict]:
    headers = [
        {"x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False,
         "font": {"size": 12 if name else 10, "color": colour}}
        for x, y, text, name in layout.headers
    ]  # fmt: skip
    heads = [_arrowhead(p, "#777777") for p in layout.residuals]
    heads += [_arrowhead(p, "#1f5fa8") for p in layout.cross]
    return headers + heads
