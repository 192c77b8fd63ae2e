"""The one plotly heatmap every view draws with: float32 numpy z (sent binary, never as lists),
hover naming the query token, the key token and the value, −∞ cells as a labelled trace."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import plotly.graph_objects as go

from ...errors import VizTransformerError
from .scales import MASKED_LABEL, Kind, color_scale, masked_cells, plotly_colorscale
from .theme import ThemeLike, get_theme, plotly_layout
from .tokens import ALWAYS_LABELED, display_token, label_step, text_width_em

PIXELS_PER_TOKEN = 16  # room for a label at plotly's default font
TICK_FONT_PIXELS = (12, 11, 10)  # tried in turn to keep labels upright; never smaller
MIN_CELL_PIXELS = 14  # a cell of a grid of up to ALWAYS_LABELED tokens: room for a 12 px label
# the tags plotly reads in any text it shows; a token spelled like one (BART's and T5's <s>,
# </s>) would vanish and strike through what follows, so its "<" is written as "&lt;"
PLOTLY_TAG = re.compile(r"<(?=/?(?:a|b|br|em|i|s|span|sub|sup|u)\b)", re.IGNORECASE)


def plotly_token(token: str) -> str:
    """A token as plotly shows it as written: ``display_token``, with tag-like text escaped.

    >>> plotly_token("</s>")
    '&lt;/s>'
    """
    return PLOTLY_TAG.sub("&lt;", display_token(token))


def category_labels(tokens: Sequence[str] | None, n: int) -> list[str]:
    """Unique axis categories "i token" (repeated tokens must not share one column)."""
    tokens = list(tokens) if tokens is not None else [""] * n
    if len(tokens) != n:
        raise VizTransformerError(f"{len(tokens)} token labels for an axis of {n} cells.")
    return [f"{i} {plotly_token(t)}" if t else str(i) for i, t in enumerate(tokens)]


def heatmap_traces(
    data: np.ndarray,
    *,
    x_labels: Sequence[str] | None = None,
    y_labels: Sequence[str] | None = None,
    kind: Kind = "weights",
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    theme: ThemeLike = "light",
    x_name: str = "key",
    y_name: str = "query",
    showscale: bool = True,
) -> list[go.Heatmap]:
    """The value trace (−∞ → gap) and, if any cell is −∞, a trace drawing those cells.

    Both have float32 numpy z; hover reads "query 3 山 / key 4 区 / weight 0.123".
    """
    values = np.asarray(data, dtype=np.float32)
    if values.ndim != 2:
        raise VizTransformerError(f"a heatmap needs 2-D data, got shape {values.shape}.")
    scale = color_scale(values, kind, cmap, vmin, vmax)
    masked = masked_cells(values)
    x = category_labels(x_labels, values.shape[1])
    y = category_labels(y_labels, values.shape[0])
    where = f"{y_name} %{{y}}<br>{x_name} %{{x}}<br>"
    traces = [
        go.Heatmap(
            z=np.where(masked, np.float32(np.nan), values),
            x=x,
            y=y,
            colorscale=plotly_colorscale(scale.cmap),
            zmin=scale.vmin,
            zmax=scale.vmax,
            showscale=showscale,
            colorbar={"title": {"text": scale.label}},
            hoverongaps=False,
            hovertemplate=where + f"{scale.label} %{{z:.4f}}<extra></extra>",
            name=scale.label,
        )
    ]
    if masked.any():
        color = get_theme(theme).masked
        traces.append(
            go.Heatmap(
                z=np.where(masked, np.float32(0), np.float32(np.nan)),
                x=x,
                y=y,
                colorscale=[[0, color], [1, color]],
                showscale=False,
                hoverongaps=False,
                hovertemplate=where + f"{scale.label} −∞ (masked)<extra></extra>",
                name=MASKED_LABEL,
                showlegend=True,
            )
        )
    return traces


def token_axis(tokens: Sequence[str] | None, n: int) -> dict:
    """Axis keywords that show token labels by the label policy (thinned; none past 256)."""
    step = label_step(n)
    if tokens is None or step is None:
        return {"showticklabels": False}
    categories = category_labels(tokens, n)[::step]
    text = [plotly_token(t) for t in list(tokens)[::step]]
    return {
        "showticklabels": True,
        "tickmode": "array",
        "tickvals": categories,
        "ticktext": text,
        "type": "category",
    }


def cell_pixels(n: int, budget: float = 420, largest: float = 24) -> float:
    """The side of a cell when ``n`` tokens share about ``budget`` pixels: at most ``largest``,
    never below :data:`MIN_CELL_PIXELS` up to ALWAYS_LABELED tokens (the figure grows
    instead), down to 8 beyond."""
    smallest = MIN_CELL_PIXELS if n <= ALWAYS_LABELED else 8
    return min(largest, max(smallest, budget / max(n, 1)))


def fitted_ticks(labels: Sequence[str], spacing: float) -> dict:
    """tickangle and tickfont for horizontal labels ``spacing`` pixels apart: upright at the
    largest of :data:`TICK_FONT_PIXELS` where no two neighbours run into each other (a first
    or last label may reach past the axis' end), else turned 90° (read top to bottom)."""
    for size in TICK_FONT_PIXELS:
        widths = [text_width_em(label) * size for label in labels]
        if all((a + b) / 2 + 1 <= spacing for a, b in pairwise(widths)):
            return {"tickangle": 0, "tickfont": {"size": size}}
    return {"tickangle": 90, "tickfont": {"size": int(min(12, max(8, spacing - 1)))}}


def fitted_token_axis(
    tokens: Sequence[str] | None, n: int, cell: float, vertical: bool = False
) -> dict:
    """:func:`token_axis` for an axis of ``n`` cells ``cell`` pixels long, with its labels'
    font and angle: see :func:`fitted_ticks`; on a vertical axis the font fits the cell."""
    axis = {**token_axis(tokens, n), "showgrid": False, "zeroline": False}
    if not axis["showticklabels"]:
        return axis
    spacing = cell * (label_step(n) or 1)
    if vertical:
        return {**axis, "tickangle": 0, "tickfont": {"size": int(min(12, max(8, spacing - 1)))}}
    return {**axis, **fitted_ticks(axis["ticktext"], spacing)}


def tick_depth(axis: dict, labels: Sequence[str] | None = None) -> float:
    """Pixels the labels of a horizontal ``axis`` (``labels``, or its ticktext) reach below
    it, standoff included: turned ones as far as the longest is wide."""
    labels = list(labels if labels is not None else axis.get("ticktext") or [])
    if not labels or axis.get("showticklabels") is False:
        return 0.0
    size = axis.get("tickfont", {}).get("size", 12)
    if axis.get("tickangle") in (90, -90):
        return max(text_width_em(label) for label in labels) * size + 8
    return 1.3 * size + 8


def plotly_size(n_rows: int, n_columns: int) -> dict[str, int]:
    """Explicit width and height (inside Tabs plotly may render small), growing with the
    tokens up to 64 of them so each label has room, between 560 and 1200 pixels."""
    side = PIXELS_PER_TOKEN * min(max(n_rows, n_columns), 64)
    return {"width": max(560, min(1200, side + 260)), "height": max(500, min(1100, side + 200))}


def heatmap_figure(
    data: np.ndarray,
    *,
    x_labels: Sequence[str] | None = None,
    y_labels: Sequence[str] | None = None,
    kind: Kind = "weights",
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    title: str | None = None,
    xlabel: str = "key",
    ylabel: str = "query",
    theme: ThemeLike = "light",
) -> go.Figure:
    """A themed plotly heatmap of ``data`` [rows, columns]; query 0 at the top, as in matplotlib.

    >>> vt.figures.heatmap(weights, x_labels=keys, y_labels=queries, kind="weights")
    """
    values = np.asarray(data)
    traces = heatmap_traces(
        values,
        x_labels=x_labels,
        y_labels=y_labels,
        kind=kind,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        theme=theme,
        x_name=xlabel,
        y_name=ylabel,
    )
    axis = {"showgrid": False, "zeroline": False}
    layout = {
        **plotly_layout(theme),
        **plotly_size(*values.shape),
        "title": {"text": title or ""},
        "legend": {"orientation": "h", "x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
        "xaxis": {**axis, "title": {"text": xlabel}, **token_axis(x_labels, values.shape[1])},
        "yaxis": {
            **axis,
            "title": {"text": ylabel},
            "autorange": "reversed",
            "scaleanchor": "x",
            "constrain": "domain",
            **token_axis(y_labels, values.shape[0]),
        },
    }
    figure = go.Figure(traces, layout)  # one layout, validated once: ~6 ms less per redraw
    return figure
