"""Showing a new plotly figure in place of a live FigureWidget, changing only what differs."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from .wire_arrays import TypedFigureWidget


def show_in(widget: widgets.Widget, figure: go.Figure) -> go.FigureWidget:
    """The FigureWidget that displays ``figure``: ``widget`` itself, updated in place, when the
    traces keep their number and types (another head, another layer: the browser receives only
    the changed arrays); otherwise (or in place of a placeholder that is no FigureWidget) a
    new :class:`TypedFigureWidget` built with the traces.

    A new widget rather than ``add_traces``: traces added to a FigureWidget after it was built
    travel as messages, and a page rendered from saved widget state (Voila) never sees them.
    """
    if isinstance(widget, go.FigureWidget) and widget.data and _types(widget) == _types(figure):
        with widget.batch_update():
            for live, new in zip(widget.data, figure.data, strict=True):
                live.update(new.to_plotly_json(), overwrite=True)
            widget.layout = figure.layout
        return widget
    return TypedFigureWidget(figure)


def _types(figure: go.Figure) -> list[str]:
    return [trace.type for trace in figure.data]
