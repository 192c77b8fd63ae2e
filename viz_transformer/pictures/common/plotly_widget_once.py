"""A plotly FigureWidget whose 5 MB browser module travels once per kernel and is evaluated
once per page, not per figure, and whose model never misses the kernel's messages while the
module loads.

See ``plotly_widget_once.js`` for why: per figure, the module costs ~2 s of the browser's main
thread here, longer than anywidget waits for a model, and a figure that missed it stayed blank;
and why hovers and clicks arrive as messages of their own.
Only a kernel's first figure carries the module's source in its state (plotly's own ``_esm``
sent it with every figure: 15 MB for the tour's three, through the server, per student); a page
that has not got it from that figure asks for it with a message, answered by whichever figure
it asks (``SEND_MODULE``).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
from plotly.serializers import _js_to_py
from traitlets import Unicode, default

_PLOTLY_MODULE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
_LOADER = Path(__file__).with_name("plotly_widget_once.js")
SEND_MODULE = "send_plotly_module"  # the loader's request for the source
MODULE_SOURCE = "plotly_module_source"  # the answer's key


@cache
def _plotly_module_source() -> str:
    return _PLOTLY_MODULE.read_text(encoding="utf-8")


@cache
def _plotly_module_version() -> str:
    """Names the module by its content, so two plotly versions in one page never mix."""
    return hashlib.sha256(_plotly_module_source().encode()).hexdigest()[:16]


class OnceLoadedFigureWidget(go.FigureWidget):
    """plotly's FigureWidget, its front-end module loaded through a page-wide shared import."""

    _esm = _LOADER
    _plotly_widget_source = Unicode().tag(sync=True)
    _plotly_widget_version = Unicode().tag(sync=True)
    _source_sent = False  # by this kernel already: a later figure's state leaves it out

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on_msg(self._receive_message)

    def _receive_message(self, _widget, content: dict, _buffers) -> None:
        """A hover, click or selection sent by the loader goes to plotly's own handler; a
        request for the module's source is answered with it."""
        if "points_event" in content:
            event = _js_to_py(content["points_event"], None)
            self._handler_js2py_pointsCallback({"new": event})
        elif content.get(SEND_MODULE):
            self.send({MODULE_SOURCE: _plotly_module_source()})

    @default("_plotly_widget_source")
    def _source(self) -> str:
        """The module's source for the kernel's first figure, nothing for the others."""
        if OnceLoadedFigureWidget._source_sent:
            return ""
        OnceLoadedFigureWidget._source_sent = True
        return _plotly_module_source()

    @default("_plotly_widget_version")
    def _version(self) -> str:
        return _plotly_module_version()
