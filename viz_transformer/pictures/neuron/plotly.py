"""The neuron view in plotly: the same four strips as in matplotlib; hovering a dimension
names it with its q, k and q ⊙ k values, hovering a key names it with its score or weight."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.panel import Panel
from ..common.panels_plotly import axis_ticks
from ..common.scales import SCORES_CMAP, contrasting_text
from ..common.style import get_theme, heatmap_traces, plotly_colorscale, plotly_layout
from ..common.theme import ThemeLike
from .view import NeuronView

ROW_PIXELS = 62  # one strip of cells
GAP_PIXELS = 78  # a strip's axis labels and the next strip's title
WIDTH = 840
MAX_WRITTEN = 16  # keys up to which each score and weight is written in its cell


def neuron_figure(view: NeuronView, *, theme: ThemeLike = "light") -> go.Figure:
    """Why attention is a dot product, in plotly: q and k per dimension, q ⊙ k, the query's
    scores over every key and their softmax weights, one strip under the other, the chosen
    key outlined. q, k and q ⊙ k are on diverging scales centred at 0 with symmetric limits
    (q and k share one). Each strip's traces carry ``meta`` = its number (0–3).

    >>> vt.figures.neuron(vt.views.neuron(run.cache, "encoder", 0, head=0, query=3, key=5))
    """
    panels = view.panels
    heights = [p.values.shape[0] for p in panels]  # a cell is as tall in every strip
    plot_pixels = ROW_PIXELS / 2 * sum(heights)
    spacing = GAP_PIXELS / (plot_pixels + GAP_PIXELS * (len(panels) - 1))
    figure = make_subplots(rows=len(panels), cols=1, row_heights=heights,
                           vertical_spacing=spacing, subplot_titles=[p.title for p in panels])  # fmt: skip
    for index, panel in enumerate(panels):
        traces = _dimension_traces(view, panel) if index < 2 else _key_traces(view, panel, theme)
        domain = figure.layout[_axis("yaxis", index)].domain
        for trace in traces:
            trace.meta = index
            trace.colorbar.update(y=sum(domain) / 2, len=max(domain[1] - domain[0], 0.12) + 0.04,
                                  thickness=12, title_side="right")  # fmt: skip
            figure.add_trace(trace, row=index + 1, col=1)
        ticks = axis_ticks(panel.x_labels, panel.values.shape[1]) if index >= 2 else {}
        figure.update_xaxes(title_text=panel.xlabel, **ticks, row=index + 1, col=1)
        figure.update_yaxes(autorange="reversed", row=index + 1, col=1)
    for index in (2, 3):  # the chosen key, outlined in the scores and the weights
        x = panels[index].values.shape[1]
        t = get_theme(theme)
        for colour, line_width in ((t.background, 5), (t.foreground, 2)):  # a halo, then the line
            figure.add_shape(type="rect", x0=view.key - 0.5, x1=view.key + 0.5, y0=-0.5, y1=0.5,
                             xref=_axis("x", index), yref=_axis("y", index),
                             line={"color": colour, "width": line_width})  # fmt: skip
        figure.update_xaxes(range=[-0.5, x - 0.5], row=index + 1, col=1)
    figure.update_layout(
        **plotly_layout(theme),
        title={"text": view.title},
        width=WIDTH,
        height=round(plot_pixels + GAP_PIXELS * (len(panels) - 1) + 170),
        margin={"t": 110, "b": 60},
        legend={"orientation": "h", "x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
    )
    return figure


def _dimension_traces(view: NeuronView, panel: Panel) -> list[go.Heatmap]:
    """A strip over the dimensions (q and k, or q ⊙ k); hover gives q_i, k_i and q_i·k_i."""
    values = np.stack([view.q, view.k, view.product], axis=-1)  # [d_head, 3]
    customdata = np.repeat(values[None], panel.values.shape[0], axis=0)  # [row, d_head, 3]
    return [
        go.Heatmap(
            z=panel.values.astype(np.float32),
            x=np.arange(view.d_head),
            y=panel.y_labels,
            customdata=customdata.astype(np.float32),
            colorscale=plotly_colorscale(SCORES_CMAP),
            zmin=panel.vmin,
            zmax=panel.vmax,
            colorbar={"title": {"text": panel.label}},
            name=panel.label,
            hovertemplate="dimension %{x}<br>q %{customdata[0]:.4f}<br>k %{customdata[1]:.4f}"
            "<br>q ⊙ k %{customdata[2]:.4f}<extra></extra>",
        )
    ]


def _key_traces(view: NeuronView, panel: Panel, theme: ThemeLike) -> list[go.Heatmap]:
    """A strip over the keys: the scores (−∞ cells as their own trace) or the weights, each
    written in its cell up to ``MAX_WRITTEN`` keys; its one row is the query, named by its
    own position and token (not row 0)."""
    traces = heatmap_traces(panel.values, x_labels=panel.x_labels, kind=panel.kind, theme=theme)
    for trace in traces:
        trace.y = [f"{view.query} {view.query_tokens[view.query]}"]
    if panel.values.shape[1] <= MAX_WRITTEN:
        finite = np.isfinite(panel.values)
        traces[0].text = np.where(finite, np.char.mod("%.2f", panel.values), "")
        traces[0].texttemplate = "%{text}"
        traces[0].textfont = {"size": 11}
        for trace in traces[1:]:  # the −∞ cells
            trace.text = np.where(finite, "", "−∞")
            trace.texttemplate = "%{text}"
            trace.textfont = {"size": 11, "color": contrasting_text(get_theme(theme).masked)}
    return traces


def _axis(prefix: str, index: int) -> str:
    """plotly's axis names: x, x2, x3 … (layout keys xaxis, xaxis2 …)."""
    return prefix if index == 0 else f"{prefix}{index + 1}"
