"""A static picture next to a live widget, for pages where no widget can be drawn.

A widget's display bundle holds a view (``application/vnd.jupyter.widget-view+json``) that
only a front end with a widget manager and the widget's state can draw; a saved notebook in a
file viewer, on a code-hosting site or in an editor with partial widget support shows the
bundle's other entries instead. :func:`with_static_fallback` adds to every explorer's bundle:

- ``image/png`` (always): what the explorer shows now, drawn by matplotlib
  (``still_picture.py``; 0.1–0.8 s per display, never on a control change), its controls'
  values and its message under it.
  Front ends that draw widgets prefer the view and ignore it.
- ``text/html`` when the environment variable ``VIZ_TRANSFORMER_STATIC_OUTPUT`` is ``1``
  (the book's build sets it for its kernels; ``static_output_switch.py``): its plotly figures
  as plotly divs *without* plotly.js (the page loads it once), its images, its text, and a
  one-line summary of its controls; the book is configured to take the HTML. Off by default: serialising the figures twice would only
  make every display slower.

With ``VIZ_TRANSFORMER_STATIC_OUTPUT=0`` neither: the classroom sets it for its kernels, whose
pages all draw the widgets, so no student's page waits for a picture no one sees.

The picture is the state at display time. It is not updated when the controls change later:
``update_display`` would have to resend the widget view too, and JupyterLab's widget renderer
answers that by building a new view of the whole explorer (the slider being dragged goes
away). Display the explorer again, or ``export`` it, to keep another state.
"""

from __future__ import annotations

import base64
import html
import re
import warnings
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from ...errors import VizTransformerWarning
from .static_output_switch import static_output_off, static_output_on
from .still_picture import still_png

HTML = "text/html"
PNG = "image/png"
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"<br\s*/?>|</(div|p|li|tr|h\d)>", re.IGNORECASE)
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def with_static_fallback(widget: widgets.Widget, bundle: dict[str, Any]) -> dict[str, Any]:
    """``bundle`` (a widget's own display bundle) plus an ``image/png`` picture of ``widget``
    and, when :func:`static_output_on`, a ``text/html`` one. A picture that fails to draw is a
    warning, never a lost widget. With ``VIZ_TRANSFORMER_STATIC_OUTPUT=0``, ``bundle`` alone."""
    if static_output_off():
        return bundle
    extra = {}
    try:
        extra[PNG] = base64.b64encode(static_png(widget)).decode("ascii")
    except Exception as error:  # whatever fails, the picture must never cost the live view
        warnings.warn(
            f"the saved notebook gets no picture of this {type(widget).__name__}: {error!r}",
            VizTransformerWarning,
            stacklevel=2,
        )
    if static_output_on():
        extra[HTML] = static_html(widget)
    return {**extra, **bundle}


def static_png(widget: widgets.Widget) -> bytes:
    """What ``widget`` shows now as one PNG: its plotly figures top to bottom, then a line with
    its controls' values and one with its message (an error, a note), if any."""
    leaves = _leaves(widget)
    figures = [leaf for leaf in leaves if isinstance(leaf, go.FigureWidget)]
    controls = [text for leaf in leaves if (text := _control_text(leaf, escape=False))]
    texts = [_plain_text(leaf) for leaf in leaves if _control_text(leaf) is None]
    return still_png(figures, [line for line in (" · ".join(controls), *texts) if line])


def static_html(widget: widgets.Widget) -> str:
    """What ``widget`` shows now, as HTML: plotly figures (plotly.js not included), images,
    HTML and text widgets, and its controls' values as one line, in the order they appear."""
    parts: list[str] = []
    controls: list[str] = []

    def flush_controls() -> None:
        if controls:
            parts.append(f'<p class="vt-static-controls">{" · ".join(controls)}</p>')
            controls.clear()

    for item in _leaves(widget):
        control = _control_text(item)
        if control is not None:
            if control:
                controls.append(control)
            continue
        flush_controls()
        parts.append(_picture_html(item))
    flush_controls()
    return '<div class="vt-static-widget">\n' + "\n".join(p for p in parts if p) + "\n</div>"


def _leaves(widget: widgets.Widget) -> list[widgets.Widget]:
    """The widgets drawn inside ``widget``, boxes opened, in display order (a hidden one,
    ``layout.display == "none"``, and its contents are left out)."""
    layout = getattr(widget, "layout", None)
    if layout is not None and getattr(layout, "display", None) == "none":
        return []
    if isinstance(widget, go.FigureWidget) or not isinstance(widget, widgets.Box):
        return [widget]
    return [leaf for child in widget.children for leaf in _leaves(child)]


def _control_text(widget: widgets.Widget, escape: bool = True) -> str | None:
    """``"description: value"`` for a control (HTML-escaped if ``escape``), ``""`` for one
    with nothing to say (a button), ``None`` for something that is a picture or a text rather
    than a control."""
    if isinstance(widget, widgets.Button):
        return ""
    if isinstance(widget, widgets.ValueWidget) and not isinstance(
        widget, widgets.HTML | widgets.HTMLMath | widgets.Label | widgets.Image
    ):
        label = getattr(widget, "description", "") or ""
        shown = getattr(widget, "label", None)  # a selection shows its label, not its value
        value = shown if isinstance(shown, str) else widget.value
        value = "—" if value in ((), "", None) else value  # nothing chosen
        text = f"{label}: {value}" if label else str(value)
        return html.escape(text) if escape else text
    return None


def _plain_text(widget: widgets.Widget) -> str:
    """The text an HTML or Label widget shows (tags dropped), "" for any other widget."""
    if isinstance(widget, widgets.HTML | widgets.HTMLMath | widgets.Label):
        lines = BLOCK_END.sub("\n", widget.value)  # <br>, </div>, </p>: a new line, as shown
        return html.unescape(TAG.sub("", lines)).strip()
    return ""


def _picture_html(widget: widgets.Widget) -> str:
    if isinstance(widget, go.FigureWidget):
        return go.Figure(widget).to_html(
            include_plotlyjs=False, full_html=False, config=PLOTLY_CONFIG
        )
    if isinstance(widget, widgets.Image) and widget.value:
        data = base64.b64encode(widget.value).decode("ascii")
        return f'<img src="data:image/{widget.format};base64,{data}" alt="">'
    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        return f"<div>{widget.value}</div>" if widget.value else ""
    if isinstance(widget, widgets.Label):
        return f"<p>{html.escape(widget.value)}</p>" if widget.value else ""
    if isinstance(widget, widgets.Output):
        return "\n".join(_output_html(output) for output in widget.outputs)
    return ""


def _output_html(output: dict[str, Any]) -> str:
    """One captured output of an Output widget: its image, HTML or text."""
    data = output.get("data", {})
    if "image/png" in data:
        return f'<img src="data:image/png;base64,{data["image/png"]}" alt="">'
    if HTML in data:
        return data[HTML]
    text = data.get("text/plain") or output.get("text", "")
    return f"<pre>{html.escape(text)}</pre>" if text else ""
