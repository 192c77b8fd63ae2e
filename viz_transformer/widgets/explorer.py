"""The common shape of every explorer: controls, one live figure, and a message line.

An explorer only wires ipywidgets controls to a view and a renderer. Its state is readable and
settable from Python (``explorer.head.value = 1``), and ``explorer.figure`` is the plotly
FigureWidget it shows, so tests and users can drive it without a browser. A bad combination of
controls shows a message in the widget and keeps the last good picture.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
import plotly.graph_objects as go

from ..errors import VizTransformerError
from .figure_sync import show_in
from .wire_arrays import TypedFigureWidget

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(method: F) -> F:
    """Run an update; a VizTransformerError becomes the explorer's message, not a traceback."""

    @functools.wraps(method)
    def guarded(self: Explorer, *args: Any, **kwargs: Any) -> Any:
        outermost = self._updates == 0
        if outermost:
            self.show_message("")  # the update (and the ones it calls) may leave a note
        self._updates += 1
        try:
            return method(self, *args, **kwargs)
        except VizTransformerError as error:
            if not outermost:
                raise  # the outer update reports it once and stops
            self.show_message(str(error), error=True)
            return None
        finally:
            self._updates -= 1

    return guarded  # type: ignore[return-value]


class Explorer(widgets.VBox):
    """Controls on top, the figure below, a message line under it."""

    def __init__(
        self, controls: Sequence[widgets.Widget], figures: Sequence[str] = ("figure",)
    ) -> None:
        self._quiet = False
        self._updates = 0  # depth of nested guarded updates
        for name in figures:  # placeholders until the first picture is shown
            setattr(self, name, TypedFigureWidget())
        self.message = widgets.HTML(value="")
        rows = [widgets.HBox(list(controls[i : i + 4])) for i in range(0, len(controls), 4)]
        super().__init__([*rows, *(getattr(self, n) for n in figures), self.message])

    def show(self, figure: go.Figure, name: str = "figure") -> None:
        """Display ``figure`` as the explorer's figure ``name``, changing only what differs."""
        old = getattr(self, name)
        new = show_in(old, figure)
        if new is not old:
            setattr(self, name, new)
            self.children = tuple(new if child is old else child for child in self.children)

    def show_message(self, text: str, error: bool = False) -> None:
        colour = "#b00020" if error else "inherit"
        self.message.value = f'<span style="color:{colour}">{html.escape(text)}</span>'

    @property
    def error(self) -> str:
        """The message currently shown: an error, a note, or "" when all is well."""
        return html.unescape(self.message.value.split(">", 1)[1].rsplit("<", 1)[0])

    def export(self, path_stem: str | Path, formats: Sequence[str] = ("html",)) -> list[Path]:
        """Save the picture now shown: "html" (offline, plotly.js inside) and, through kaleido
        with a Chromium, "png", "svg", "pdf"."""
        from ..export import save_html, save_plotly_images

        figure = go.Figure(self.figure)
        images = [f for f in formats if f != "html"]
        written = [save_html(figure, path_stem)] if "html" in formats else []
        return written + (save_plotly_images(figure, path_stem, images) if images else [])

    def observe_controls(self, handler: Callable[[], None], *controls: widgets.Widget) -> None:
        """Call ``handler()`` whenever one of ``controls`` changes its value (unless quiet)."""

        def on_change(_change: dict) -> None:
            if not self._quiet:
                handler()

        for control in controls:
            control.observe(on_change, names="value")

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Adjust controls (ranges, options) without each change triggering an update."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
