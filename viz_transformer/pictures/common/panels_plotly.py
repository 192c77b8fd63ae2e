"""A row of heatmap panels in plotly, built from the style's heatmap traces: one subplot per
panel, one colour bar per run of panels on the same scale, one "−∞ (masked)" legend entry."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .heatmap_plotly import category_labels
from .panel import Panel, scale_groups
from .scales import contrasting_text
from .style import MASKED_LABEL, get_theme, heatmap_traces, plotly_layout, token_axis
from .theme import ThemeLike

PANEL_PIXELS = 300  # the width of one panel with its share of the spacing
NUMBER_TICKS = 12
# a colour bar between two panels, with its ticks and side title, and the next panel's labels
BAR_GAP_PIXELS = 170
MAX_WRITTEN = 10  # "−∞" is written in each masked cell up to this many rows and columns
MASKED_TEXT_PIXELS = 11  # "−∞" ≈ 18 px wide: fits a cell of a 10-token panel (~20 px)


def panels_figure(
    panels: Sequence[Panel],
    *,
    title: str | None = None,
    xlabel: str = "key",
    ylabel: str = "query",
    theme: ThemeLike = "light",
    rows: int = 1,
) -> go.Figure:
    """The panels left to right in ``rows`` rows of one figure; the axis titles go once per
    column (under its bottom panel) and once per row (left of its first panel).

    Each panel's traces are tagged ``meta=i`` so code can find them (``panel_traces``).

    >>> vt.figures.panels([vt.views.head_entropy(run.cache, "encoder")])
    """
    columns = -(-len(panels) // rows)
    shown = {group[-1] for group in scale_groups(panels, columns)}
    width = PANEL_PIXELS * columns + 80
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[p.title.replace("\n", "<br>") for p in panels],
        horizontal_spacing=_gap(shown, columns, width),
        vertical_spacing=0.12,
    )
    legend_given = False
    for index, panel in enumerate(panels):
        traces = heatmap_traces(
            panel.values,
            x_labels=panel.x_labels,
            y_labels=panel.y_labels,
            kind=panel.kind,
            vmin=panel.vmin,
            vmax=panel.vmax,
            theme=theme,
            x_name=xlabel,
            y_name=ylabel,
            showscale=index in shown,
        )
        x_domain = figure.layout[_axis_name("xaxis", index)].domain
        y_domain = figure.layout[_axis_name("yaxis", index)].domain
        cell = {"row": index // columns + 1, "col": index % columns + 1}
        for trace in traces:
            trace.meta = index
            if panel.label:
                trace.hovertemplate = trace.hovertemplate.replace(trace.name, panel.label)
            if trace.showlegend:
                trace.showlegend, legend_given = not legend_given, True
            if trace.name == MASKED_LABEL:
                write_masked_cells(trace, panel.values, theme)
            trace.colorbar.update(
                x=x_domain[1] + 0.01,
                y=sum(y_domain) / 2,
                len=0.8 * (y_domain[1] - y_domain[0]),
                thickness=12,
                title_side="right",  # along the bar: above it, a title ran into the next panel
            )
            if panel.label:
                trace.colorbar.title.text = panel.label
            figure.add_trace(trace, **cell)
        figure.update_xaxes(
            title_text=panel.xlabel or (xlabel if index + columns >= len(panels) else None),
            **axis_ticks(panel.x_labels, panel.values.shape[1]),
            **cell,
        )
        figure.update_yaxes(
            title_text=panel.ylabel or (ylabel if index % columns == 0 else None),
            autorange="reversed",
            scaleanchor=_axis_name("x", index),
            constrain="domain",
            **axis_ticks(panel.y_labels, panel.values.shape[0], min(1.0, _aspect(panel))),
            **cell,
        )
    figure.update_layout(
        **plotly_layout(theme),
        title={"text": title or ""},
        width=width,
        height=140 + rows * round(PANEL_PIXELS * min(1.0, max(0.7, *(_aspect(p) for p in panels)))),
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.25 / rows},
    )
    return figure


def write_masked_cells(trace: go.Heatmap, values: np.ndarray, theme: ThemeLike) -> None:
    """ "−∞" written in each −∞ cell of a matrix of up to ``MAX_WRITTEN`` rows and columns, at
    ``MASKED_TEXT_PIXELS`` in black or white, whichever contrasts more with the masked colour."""
    if max(values.shape) > MAX_WRITTEN:
        return
    trace.text = np.where(np.isneginf(values), "−∞", "")
    trace.texttemplate = "%{text}"
    trace.textfont = {
        "size": MASKED_TEXT_PIXELS,
        "color": contrasting_text(get_theme(theme).masked),
    }


def axis_ticks(labels: list[str], n: int, share: float = 1.0) -> dict:
    """Tick keywords: the style's token policy, except that plain position numbers
    ("0", "1", …) are thinned to about ``NUMBER_TICKS`` ticks, as a numeric axis would be
    (fewer on an axis drawn at ``share`` of the full length)."""
    if labels != [str(i) for i in range(n)]:
        return token_axis(labels, n)
    step = max(1, -(-n // max(3, round(NUMBER_TICKS * share))))
    categories = category_labels(labels, n)[::step]
    return {"tickmode": "array", "tickvals": categories, "ticktext": labels[::step]}


def _gap(shown: set[int], columns: int, width: int) -> float:
    """The space between columns, as plotly's fraction of the width: 15 %, but at least
    :data:`BAR_GAP_PIXELS` where a colour bar stands between two panels."""
    if columns == 1:
        return 0.0
    bar_inside = any(index % columns != columns - 1 for index in shown)
    return max(0.15, BAR_GAP_PIXELS / width) if bar_inside else 0.15


def panel_traces(figure: go.Figure, index: int) -> list[go.Heatmap]:
    """The traces drawing panel ``index`` (its values first, then its −∞ cells, if any)."""
    return [trace for trace in figure.data if trace.meta == index]


def _aspect(panel: Panel) -> float:
    """rows / columns: how tall a panel's square cells make it relative to its width."""
    rows, columns = panel.values.shape
    return rows / columns


def _axis_name(prefix: str, index: int) -> str:
    """plotly's axis names: x, x2, x3 … (layout keys xaxis, xaxis2 …)."""
    return prefix if index == 0 else f"{prefix}{index + 1}"
