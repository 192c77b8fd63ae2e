"""Showing a new plotly figure inside a live FigureWidget by changing only what differs."""

from __future__ import annotations

import plotly.graph_objects as go


def show_in(widget: go.FigureWidget, figure: go.Figure) -> None:
    """Make ``widget`` display ``figure``.

    When the traces keep their number and types (another head, another layer) they are updated
    in place, so the browser receives only the changed arrays; otherwise they are replaced.
    """
    same_shape = [t.type for t in widget.data] == [t.type for t in figure.data]
    with widget.batch_update():
        if same_shape:
            for live, new in zip(widget.data, figure.data, strict=True):
                live.update(new.to_plotly_json(), overwrite=True)
        else:
            widget.data = ()
            widget.add_traces(list(figure.data))
        widget.layout = figure.layout
