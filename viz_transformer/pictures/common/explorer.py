"""The common shape of every explorer: controls, one live figure, and a message line.

An explorer only wires ipywidgets controls to a view and a renderer. Its state is readable and
settable from Python (``explorer.head.value = 1``), and ``explorer.figure`` is the plotly
FigureWidget it shows, so tests and users can drive it without a browser. A bad combination of
controls shows a message in the widget and keeps the last good picture.

Every explorer speaks one language (``lang="zh"``, or :func:`current_language` when it is
built): the base class labels every figure it shows, every control and its own short notes
in it (``language.py``), so no explorer translates anything itself. Option values stay what
the code reads (``explorer.part.value == "cross"``); only their labels change.
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
from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection

from ...errors import VizTransformerError, VizTransformerWarning
from .figure_sync import show_in
from .language import (
    check_language,
    current_language,
    is_code,
    localize_plotly,
    translate,
    translate_bold,
    translate_control,
    translate_message,
)

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
    """Controls on top (one wrapping row), the figure below, a message line under it, all
    labelled in ``lang`` ("en" or "zh"; None: :func:`current_language` now)."""

    def __init__(
        self,
        controls: Sequence[Controls],
        figures: Sequence[str] = ("figure",),
        lang: str | None = None,
    ) -> None:
        self.lang = current_language() if lang is None else check_language(lang)
        self._quiet = False
        self._updates = 0  # depth of nested guarded updates
        self._refused_run = ""  # the message of a refused model run, until one succeeds
        self._figure_names = tuple(figures)
        for name in figures:  # an empty box until the first picture: a FigureWidget, even an
            setattr(self, name, widgets.Box())  # empty one, sends plotly's 5 MB script along
        self.message = widgets.HTML(value="")
        self.controls = control_row(controls)
        for control in _flatten(controls):
            self._localize_control(control)
        super().__init__([self.controls, *(getattr(self, n) for n in figures), self.message])

    def show(self, figure: go.Figure, name: str = "figure") -> None:
        """Display ``figure`` as the explorer's figure ``name``, changing only what differs;
        a figure wider than :data:`FIGURE_MAX_WIDTH` is scaled down to it."""
        old = getattr(self, name)
        new = show_in(old, fit_width(localize_plotly(figure, self.lang)))
        if new is not old:
            setattr(self, name, new)
            self.children = tuple(new if child is old else child for child in self.children)

    def show_message(self, text: str, error: bool = False) -> None:
        """Show ``text`` in the message line (red for an error); the explorer's own short notes
        in its language, the long advice of errors and warnings as written."""
        colour = "#b00020" if error else "inherit"
        text = translate_message(text, self.lang)
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
        """Save the pictures now shown: "html" (offline, plotly.js inside) and, through kaleido
        with a Chromium, "png", "svg", "pdf". The main figure is ``path_stem``; an explorer's
        other figures (the tensor of the chosen block, say) are ``path_stem-<name>``."""
        from .files_plotly import save_html, save_plotly_images

        if not isinstance(self.figure, go.FigureWidget):
            raise VizTransformerError("nothing is drawn yet: fix the message shown, then export.")
        images = [f for f in formats if f != "html"]
        written: list[Path] = []
        for name in self._figure_names:
            widget = getattr(self, name)
            if not isinstance(widget, go.FigureWidget):
                continue  # not drawn (yet)
            stem = path_stem if name == "figure" else f"{path_stem}-{name}"
            figure = go.Figure(widget)
            written += [save_html(figure, stem)] if "html" in formats else []
            written += save_plotly_images(figure, stem, images) if images else []
        return written

    def _localize_control(self, control: widgets.Widget) -> None:
        """Label ``control`` in the explorer's language: its description, the word labels of
        its options (now and whenever they change; the values stay), the bold labels of an
        HTML note (whenever it changes)."""
        if self.lang == "en":
            return
        if isinstance(getattr(control, "description", None), str) and control.description:
            control.description = translate_control(control.description, self.lang)
        if getattr(control, "tooltip", None):
            control.tooltip = translate_control(control.tooltip, self.lang)
        if isinstance(control, (_Selection, _MultipleSelection)):
            relabel = functools.partial(_relabel_options, control, self.lang)
            relabel()
            control.observe(relabel, names="options")  # after ipywidgets' own labelling
        elif isinstance(control, widgets.HTML):
            rebold = functools.partial(_rebold, control, self.lang)
            rebold()
            control.observe(rebold, names="value")

    def observe_controls(self, handler: Callable[[], None], *controls: widgets.Widget) -> None:
        """Call ``handler()`` whenever one of ``controls`` changes its value (unless quiet)."""

        def on_change(_change: dict) -> None:
            if not self._quiet:
                handler()

        for control in controls:
            control.observe(on_change, names="value")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """ipywidgets' bundle (the live view), plus a static picture of what is shown now: a
        PNG for a saved notebook opened without widgets, and HTML for the book's pages when
        ``VIZ_TRANSFORMER_STATIC_OUTPUT=1`` (``static_output.py``)."""
        from .static_output import with_static_fallback

        return with_static_fallback(self, super()._repr_mimebundle_(**kwargs))

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Adjust controls (ranges, options) without each change triggering an update."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False


def _flatten(controls: Sequence[Controls]) -> list[widgets.Widget]:
    return [c for item in controls for c in (item if isinstance(item, tuple) else (item,))]


def _relabel_options(control: widgets.Widget, lang: str, _change: Any = None) -> None:
    """Show a selection's option labels in ``lang`` (the labels the browser shows); its
    ``options`` and values stay as the explorer set them, so the code reads the same values.
    A list of module paths or hook names is code: none of its labels changes (the output
    head's path "head" is not an attention head)."""
    labels = control._options_labels
    if any(is_code(label) for label in labels):
        return
    shown = tuple(translate(label, lang) for label in labels)
    if shown == labels or len(set(shown)) < len(shown):  # a label per option, as ipywidgets needs
        return
    control.set_trait("_options_labels", shown)
    index = control.index
    if isinstance(control, _MultipleSelection):
        control.set_trait("label", tuple(shown[i] for i in index))
    elif index is not None:
        control.set_trait("label", shown[index])


def _rebold(control: widgets.HTML, lang: str, _change: Any = None) -> None:
    shown = translate_bold(control.value, lang)
    if shown != control.value:
        control.value = shown


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
