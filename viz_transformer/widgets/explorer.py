"""The common shape of every explorer: controls, one live figure, and a message line.

An explorer only wires ipywidgets controls to a view and a renderer. Its state is readable and
settable from Python (``explorer.head.value = 1``), and ``explorer.figure`` is the plotly
FigureWidget it shows, so tests and users can drive it without a browser. A bad combination of
controls shows a message in the widget and keeps the last good picture.
"""

from __future__ import annotations

import functools
import html
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
import plotly.graph_objects as go
from ipywidgets.widgets.widget_description import DescriptionStyle

from ..errors import VizTransformerError, VizTransformerWarning
from .figure_sync import show_in

F = TypeVar("F", bound=Callable[..., Any])

# JupyterLab's output area is about 848 px wide in a 1280 px window with the file browser open;
# an explorer's figure is no wider, so none of its panels is cut off (a FigureWidget of a fixed
# width shows no scrollbar).
FIGURE_MAX_WIDTH = 840
# A control of the wrapping row: three share a line of that output area, and a slider never
# gets narrower than its label, readout and a track long enough to drag.
CONTROL_WIDTH = "272px"
SLIDER_MIN_WIDTH = "260px"
TEXT_MAX_WIDTH = "560px"  # a text box grows into the rest of its line, up to this
SLIDERS = (
    widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntRangeSlider,
    widgets.FloatRangeSlider, widgets.SelectionSlider, widgets.SelectionRangeSlider,
)  # fmt: skip
# controls that are a label and one input, 300 px wide by default (ipywidgets' inline width)
INLINE = (*SLIDERS, widgets.Text, widgets.Dropdown, widgets.IntText, widgets.FloatText)
Controls = widgets.Widget | tuple[widgets.Widget, ...]  # a tuple: controls kept on one line


def reports_errors(method: F) -> F:
    """Run an update; a VizTransformerError becomes the explorer's message, not a traceback,
    and a VizTransformerWarning (an output cut at max_len, say) a note after the picture.

    While the last update marked :func:`runs_model` was refused, other updates (re-slicing at
    another layer, say) show that refusal again and keep the last good picture: the cache
    they would slice belongs to controls that are no longer shown."""
    runs = getattr(method, "_runs_model", False)

    @functools.wraps(method)
    def guarded(self: Explorer, *args: Any, **kwargs: Any) -> Any:
        outermost = self._updates == 0
        if outermost and not runs and self._refused_run:
            self.show_message(self._refused_run, error=True)
            return None
        if outermost:
            self.show_message("")  # the update (and the ones it calls) may leave a note
        self._updates += 1
        try:
            if not outermost:
                return method(self, *args, **kwargs)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", VizTransformerWarning)
                result = method(self, *args, **kwargs)
            if runs:
                self._refused_run = ""
            self._note(caught)
            return result
        except VizTransformerError as error:
            if not outermost:
                raise  # the outer update reports it once and stops
            if runs:
                self._refused_run = str(error)
            self.show_message(str(error), error=True)
            return None
        finally:
            self._updates -= 1

    return guarded  # type: ignore[return-value]


def runs_model(method: F) -> F:
    """:func:`reports_errors` for the update that runs the model (text, model or input
    changed): when it is refused, the updates that only slice its cache wait for a good run."""
    method._runs_model = True  # type: ignore[attr-defined]
    return reports_errors(method)


class Explorer(widgets.VBox):
    """Controls on top (one wrapping row), the figure below, a message line under it."""

    def __init__(self, controls: Sequence[Controls], figures: Sequence[str] = ("figure",)) -> None:
        self._quiet = False
        self._updates = 0  # depth of nested guarded updates
        self._refused_run = ""  # the message of a refused model run, until one succeeds
        for name in figures:  # an empty box until the first picture: a FigureWidget, even an
            setattr(self, name, widgets.Box())  # empty one, sends plotly's 5 MB script along
        self.message = widgets.HTML(value="")
        self.controls = control_row(controls)
        super().__init__([self.controls, *(getattr(self, n) for n in figures), self.message])

    def show(self, figure: go.Figure, name: str = "figure") -> None:
        """Display ``figure`` as the explorer's figure ``name``, changing only what differs;
        a figure wider than :data:`FIGURE_MAX_WIDTH` is scaled down to it."""
        old = getattr(self, name)
        new = show_in(old, fit_width(figure))
        if new is not old:
            setattr(self, name, new)
            self.children = tuple(new if child is old else child for child in self.children)

    def show_message(self, text: str, error: bool = False) -> None:
        colour = "#b00020" if error else "inherit"
        self.message.value = f'<span style="color:{colour}">{html.escape(text)}</span>'

    def _note(self, caught: list[warnings.WarningMessage]) -> None:
        """Add this package's warnings to the message line; hand others on as they were."""
        notes = []
        for warning in caught:
            if issubclass(warning.category, VizTransformerWarning):
                notes.append(str(warning.message))
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        if notes:
            self.show_message(" ".join([self.error, *dict.fromkeys(notes)]).strip())

    @property
    def error(self) -> str:
        """The message currently shown: an error, a note, or "" when all is well."""
        return html.unescape(self.message.value.split(">", 1)[1].rsplit("<", 1)[0])

    def export(self, path_stem: str | Path, formats: Sequence[str] = ("html",)) -> list[Path]:
        """Save the picture now shown: "html" (offline, plotly.js inside) and, through kaleido
        with a Chromium, "png", "svg", "pdf"."""
        from ..export import save_html, save_plotly_images

        if not isinstance(self.figure, go.FigureWidget):
            raise VizTransformerError("nothing is drawn yet: fix the message shown, then export.")
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


def control_row(controls: Sequence[Controls]) -> widgets.HBox:
    """The controls side by side, wrapping onto more lines where the output area is too
    narrow for them all, instead of squeezing sliders to nothing (see :func:`fit_control`).
    A tuple of controls (◀ ▶ buttons, say) stays together on one line."""
    items = []
    for item in controls:
        group = item if isinstance(item, tuple) else (item,)
        for control in group:
            fit_control(control)
        together = widgets.Layout(flex="0 0 auto", align_items="center")
        items.append(widgets.HBox(list(group), layout=together) if len(group) > 1 else group[0])
    return widgets.HBox(items, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))


def fit_control(control: widgets.Widget) -> None:
    """Size one control for a wrapping row: labels as wide as their text (none cut to
    "temperat…"), inputs and sliders :data:`CONTROL_WIDTH` wide, sliders never narrower than
    :data:`SLIDER_MIN_WIDTH`, text boxes growing into the rest of their line, toggle buttons
    beside their label. Sizes set by the caller are kept."""
    style, layout = getattr(control, "style", None), control.layout
    if isinstance(style, DescriptionStyle) and not style.description_width:
        style.description_width = "initial"
    if isinstance(control, INLINE) and layout.width is None:
        layout.width = CONTROL_WIDTH
    if isinstance(control, SLIDERS) and layout.min_width is None:
        layout.min_width = SLIDER_MIN_WIDTH
    if isinstance(control, widgets.Text) and layout.flex is None:  # long texts: the line's rest
        layout.flex, layout.max_width = "1 1 auto", layout.max_width or TEXT_MAX_WIDTH
    if isinstance(control, widgets.ToggleButtons):  # its label beside the buttons, not above
        style.button_width = style.button_width or "auto"
        layout.display, layout.align_items = layout.display or "flex", "baseline"


def fit_width(figure: go.Figure, max_width: int = FIGURE_MAX_WIDTH) -> go.Figure:
    """``figure`` scaled down, width and height alike, to at most ``max_width`` pixels wide
    (``figure`` itself when it fits or has no fixed width)."""
    width, height = figure.layout.width, figure.layout.height
    if width is None or width <= max_width:
        return figure
    scale = max_width / width
    figure.update_layout(width=max_width, height=None if height is None else round(height * scale))
    return figure
