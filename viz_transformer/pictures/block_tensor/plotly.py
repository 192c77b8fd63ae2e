"""One block's captured tensor in plotly: a heatmap (attention [query, key] with square
cells; [token, feature] stretched to the width) or, for a per-token statistic, a line."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.heatmap_plotly import category_labels, plotly_size
from ..common.style import heatmap_traces, plotly_layout, token_axis
from ..common.theme import ThemeLike
from .view import BlockTensor

WIDTH = 840  # the explorer's output width
PX_PER_ROW = 18


def block_tensor_figure(view: BlockTensor, *, theme: ThemeLike = "light") -> go.Figure:
    """The tensor one block of the architecture map captured, in plotly: a heatmap (a line
    for a vector) with its labels; ``data[0]`` holds the values (``z`` or ``y``).

    >>> block = vt.views.architecture_map(model, run.cache).blocks[3]
    >>> vt.figures.block_tensor(vt.views.block_tensor(run.cache, block))
    """
    layout = {**plotly_layout(theme), "title": {"text": view.title, "font": {"size": 13}}}
    if view.is_line:
        x = category_labels(view.row_labels, len(view.row_labels))
        line = go.Scatter(x=x, y=view.values, mode="lines+markers", name=view.value_label,
                          hovertemplate=f"{view.xlabel} %{{x}}<br>{view.value_label} "
                          "%{y:.4f}<extra></extra>")  # fmt: skip
        axis = token_axis(view.row_labels, len(view.row_labels))
        return go.Figure([line], {**layout, "width": WIDTH, "height": 360,
                                  "xaxis": {"title": {"text": view.xlabel}, **axis},
                                  "yaxis": {"title": {"text": view.value_label}}})  # fmt: skip
    rows, columns = view.values.shape
    traces = heatmap_traces(view.values, x_labels=view.column_labels, y_labels=view.row_labels,
                            kind=view.kind, theme=theme, x_name=view.xlabel,
                            y_name=view.ylabel)  # fmt: skip
    where = f"{view.ylabel} %{{y}}<br>{view.xlabel} %{{x}}<br>"
    traces[0].update(colorbar={"title": {"text": view.value_label}},
                     hovertemplate=where + f"{view.value_label} %{{z:.4f}}<extra></extra>")  # fmt: skip
    axis = {"showgrid": False, "zeroline": False}
    square = view.xlabel == "key"  # an attention matrix: queries × keys, cells square
    size = plotly_size(rows, columns) if square else {
        "width": WIDTH, "height": max(320, 190 + PX_PER_ROW * rows)}  # fmt: skip
    yaxis = {**axis, "title": {"text": view.ylabel}, "autorange": "reversed",
             **token_axis(view.row_labels, rows)}  # fmt: skip
    if square:
        yaxis.update(scaleanchor="x", constrain="domain")
    return go.Figure(traces, {
        **layout, **size,
        "legend": {"orientation": "h", "x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
        "xaxis": {**axis, "title": {"text": view.xlabel}, **token_axis(view.column_labels, columns)},
        "yaxis": yaxis,
    })  # fmt: skip
