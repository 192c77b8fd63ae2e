"""A PNG of plotly figures drawn by matplotlib: an explorer's picture for pages with no widgets.

A saved notebook opened where no widget manager runs (a file viewer, a code-hosting site, an
editor with partial widget support) shows an explorer only through a static picture in its
output. kaleido would draw the plotly figure exactly but starts a Chromium (seconds, and not
everywhere); this draws the same figure data with matplotlib's Agg canvas in tens of
milliseconds, offline: heatmaps, scatter lines, markers and text, bars, subplots at their
domains, a secondary y axis, shapes, annotations, titles, colour bars and legends. Hover,
zoom and plotly's exact styling are left to the live figure.

Coordinates are plotly's pixels: the figure is ``layout.width`` × ``layout.height`` (plotly's
defaults 700 × 450 when unset) with its margins, each subplot placed at its axes' domains.
The figure is read from plotly's own plain dicts (``figure._data``, ``figure._layout``, never
changed here): going through plotly's validated properties, or copying the figure, costs
more than drawing it.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from plotly.basedatatypes import BaseFigure

from .fonts import font_family
from .tokens import text_width_em

DPI = 96  # one plotly pixel is one PNG pixel
POINTS_PER_PIXEL = 72 / DPI
DEFAULT_SIZE = (700, 450)  # plotly's figure size when the layout sets none
DEFAULT_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}
TEXT_PIXELS = 12  # plotly's default font size
COLORBAR_PIXELS = 12
Spec = dict[str, Any]  # a plotly trace, layout or part of one, as plain data
LINE_STYLES = {"dash": "--", "dot": ":", "dashdot": "-.", "longdash": "--", "solid": "-"}
TAG = re.compile(r"</?(b|i|em|s|u|sup|sub|span|a)(\s[^>]*)?>", re.IGNORECASE)  # plotly's markup
PATH_POINT = re.compile(r"[ML]\s*([-\d.eE]+)\s*[, ]\s*([-\d.eE]+)")
RGB = re.compile(r"rgba?\(([^)]*)\)")


def still_png(figures: Sequence[BaseFigure], notes: Sequence[str] = ()) -> bytes:
    """One PNG of ``figures`` (plotly Figures or FigureWidgets) stacked top to bottom, each at its plotly pixel size, with
    ``notes`` (lines of text: the controls' values, a message) under them."""
    sizes = [_size(figure._layout) for figure in figures]
    width = max([w for w, _ in sizes] or [DEFAULT_SIZE[0]])
    notes = [line for note in notes for line in _wrap(note, width - 16)]
    note_height = round(1.5 * TEXT_PIXELS * len(notes)) + (8 if notes else 0)
    height = sum(h for _, h in sizes) + note_height
    page = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    page.patch.set_facecolor("white")
    top = 0
    for figure, (w, h) in zip(figures, sizes, strict=True):
        frame = _Frame((0, top, w, h), (width, height), figure._layout.get("margin") or {})
        _draw_figure(page, figure._data, figure._layout, frame)
        top += h
    for i, note in enumerate(notes):
        y = 1 - (top + 4 + 1.5 * TEXT_PIXELS * (i + 0.5)) / height
        page.text(8 / width, y, note, va="center", **_font(TEXT_PIXELS))
    buffer = io.BytesIO()
    FigureCanvasAgg(page).print_png(buffer)
    return buffer.getvalue()


def _wrap(note: str, width: float) -> list[str]:
    """``note``'s lines, each cut (at " · " between controls, else at spaces) to fit ``width``
    pixels at :data:`TEXT_PIXELS`."""
    lines = []
    for paragraph in note.splitlines():
        separator = " · " if " · " in paragraph else " "
        line = ""
        for word in paragraph.split(separator):
            longer = f"{line}{separator}{word}" if line else word
            if line and text_width_em(longer) * TEXT_PIXELS > width:
                lines.append(line)
                longer = word
            line = longer
        lines.append(line)
    return [line for line in lines if line.strip()]


def _size(layout: Spec) -> tuple[int, int]:
    return int(layout.get("width") or DEFAULT_SIZE[0]), int(layout.get("height") or DEFAULT_SIZE[1])


def _get(spec: Spec | None, path: str, default: Any = None) -> Any:
    """``spec["a"]["b"]`` for ``path`` "a.b", ``default`` where a part is missing."""
    for key in path.split("."):
        if not isinstance(spec, dict) or spec.get(key) is None:
            return default
        spec = spec[key]
    return spec


class _Frame:
    """Pixel boxes of one plotly figure placed on the page, as matplotlib figure fractions."""

    def __init__(self, box: tuple[int, int, int, int], page: tuple[int, int], margin: Spec):
        self.left, self.top, self.width, self.height = box
        self.page_width, self.page_height = page
        self.margin = {k: margin.get(k, v) for k, v in DEFAULT_MARGIN.items()}

    def plot_rect(self, x: Sequence[float], y: Sequence[float]) -> list[float]:
        """[left, bottom, width, height] of the plot-area domains ``x`` and ``y`` (0 to 1)."""
        m = self.margin
        inner_w, inner_h = self.width - m["l"] - m["r"], self.height - m["t"] - m["b"]
        x0 = self.left + m["l"] + x[0] * inner_w
        y0 = self.top + m["t"] + (1 - y[1]) * inner_h  # pixels from the page's top
        return [
            x0 / self.page_width,
            1 - (y0 + (y[1] - y[0]) * inner_h) / self.page_height,
            (x[1] - x[0]) * inner_w / self.page_width,
            (y[1] - y[0]) * inner_h / self.page_height,
        ]

    def paper(self, x: float, y: float) -> tuple[float, float]:
        """A point in plotly's paper coordinates (0 to 1 across the plot area, y up) as a page
        fraction."""
        m = self.margin
        inner_w, inner_h = self.width - m["l"] - m["r"], self.height - m["t"] - m["b"]
        return self.point(m["l"] + x * inner_w, self.height - m["b"] - y * inner_h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the figure in pixels from its top left, as a page fraction."""
        return (self.left + x) / self.page_width, 1 - (self.top + y) / self.page_height


def _draw_figure(page: Figure, data: Sequence[Spec], layout: Spec, frame: _Frame) -> None:
    traces = [t for t in data if t.get("visible", True) is True]
    axes, x_names = _make_axes(page, traces, layout, frame)
    categories: dict[str, list] = {}
    for trace in traces:
        x_name, y_name = trace.get("xaxis") or "x", trace.get("yaxis") or "y"
        draw = {"heatmap": _heatmap, "scatter": _scatter, "bar": _bar}.get(trace.get("type"))
        if draw is not None and y_name in axes:
            x_cats, y_cats = categories.setdefault(x_name, []), categories.setdefault(y_name, [])
            draw(axes[y_name], trace, x_cats, y_cats, frame)
    for y_name, ax in axes.items():
        _style_axes(ax, layout, x_names[y_name], y_name, categories)
    for shape in layout.get("shapes") or ():
        _shape(page, frame, axes, shape)
    for note in layout.get("annotations") or ():
        _annotation(page, frame, axes, note)
    title = _text(_get(layout, "title.text"))
    if title:
        x, y = frame.point(frame.width / 2, min(frame.margin["t"] / 2, 24))
        page.text(
            x, y, title, ha="center", va="center", **_font(_get(layout, "title.font.size", 16))
        )
    _legend(page, frame, traces, layout, axes)


def _make_axes(
    page: Figure, traces: Sequence[Spec], layout: Spec, frame: _Frame
) -> tuple[dict[str, Axes], dict[str, str | None]]:
    """matplotlib axes for each y axis that a trace uses, keyed "y", "y2", ..., and the name of
    each one's x axis (None for an overlaying y axis, plotly's secondary_y: it shares its base
    axes' box and x axis and ticks on the right)."""
    used = {(t.get("xaxis") or "x", t.get("yaxis") or "y") for t in traces}
    axes: dict[str, Axes] = {}
    x_names: dict[str, str | None] = {}
    for x_name, y_name in sorted(used, key=lambda p: int(p[1][1:] or 1)):
        x_axis, y_axis = _axis(layout, x_name), _axis(layout, y_name)
        base = y_axis.get("overlaying")
        if base in axes:
            axes[y_name], x_names[y_name] = axes[base].twinx(), None
            axes[y_name].patch.set_visible(False)
            continue
        rect = frame.plot_rect(x_axis.get("domain", (0, 1)), y_axis.get("domain", (0, 1)))
        axes[y_name], x_names[y_name] = page.add_axes(rect), x_name
    return axes, x_names


def _axis(layout: Spec, name: str) -> Spec:
    """The layout axis of a trace reference: "x2" → layout["xaxis2"]."""
    return layout.get(f"{name[0]}axis{name[1:]}") or {}


def _heatmap(ax: Axes, trace: Spec, x_cats: list, y_cats: list, frame: _Frame) -> None:
    z = np.asarray(trace.get("z"), dtype=float)  # [row, column]
    if z.ndim != 2 or z.size == 0 or np.isnan(z).all():
        return
    xs = _cell_edges(_positions(trace.get("x"), x_cats, z.shape[1]), z.shape[1])
    ys = _cell_edges(_positions(trace.get("y"), y_cats, z.shape[0]), z.shape[0])
    scale = trace.get("colorscale") or ((0, "#000000"), (1, "#ffffff"))
    cmap = LinearSegmentedColormap.from_list("plotly", [(float(p), _color(c)) for p, c in scale])
    vmin = trace["zmin"] if trace.get("zmin") is not None else np.nanmin(z)
    vmax = trace["zmax"] if trace.get("zmax") is not None else np.nanmax(z)
    image = _cells(ax, xs, ys, np.ma.masked_invalid(z), cmap, vmin, vmax)
    if "%{text}" in (trace.get("texttemplate") or "") and trace.get("text") is not None:
        _cell_texts(ax, trace, xs, ys)
    if trace.get("showscale", True):
        _colorbar(ax, image, trace.get("colorbar") or {}, frame)


def _colorbar(ax: Axes, image: Any, spec: Spec, frame: _Frame) -> None:
    """A colour bar where plotly puts it: at ``x``, ``y`` (paper), ``len`` of the plot height
    (or width, lying), ``thickness`` pixels; its title along it."""
    lying = spec.get("orientation") == "h"
    m = frame.margin
    area = (frame.width - m["l"] - m["r"], frame.height - m["t"] - m["b"])
    length = spec.get("len", 1.0)
    length = length if spec.get("lenmode") == "pixels" else length * area[0 if lying else 1]
    thickness = spec.get("thickness", 30)
    x, y = spec.get("x", 0.5 if lying else 1.02), spec.get("y", -0.15 if lying else 0.5)
    xanchor = spec.get("xanchor", "center" if lying else "left")
    yanchor = spec.get("yanchor", "top" if lying else "middle")
    width, height = (length, thickness) if lying else (thickness, length)  # pixels
    width, height = width / frame.page_width, height / frame.page_height
    left, bottom = frame.paper(x, y)
    left -= {"left": 0, "center": 0.5, "right": 1}.get(xanchor, 0.5) * width
    bottom -= {"bottom": 0, "middle": 0.5, "top": 1}.get(yanchor, 0.5) * height
    cax = ax.figure.add_axes((left, bottom, width, height))
    bar = ax.figure.colorbar(image, cax=cax, orientation="horizontal" if lying else "vertical")
    bar.ax.tick_params(labelsize=_points(10))
    label = _text(_get(spec, "title.text"))
    if label:
        bar.set_label(label, **_font(_get(spec, "title.font.size", 11)))


def _scatter(ax: Axes, trace: Spec, x_cats: list, y_cats: list, frame: _Frame) -> None:
    if trace.get("y") is None:
        return
    n = len(trace["y"])
    x = _positions(trace.get("x"), x_cats, n)
    y = _positions(trace["y"], y_cats, n)
    mode = trace.get("mode") or ("lines+markers" if n < 20 else "lines")
    color = _color(_get(trace, "line.color") or _one(_get(trace, "marker.color")))
    alpha = trace.get("opacity", 1.0)  # the lines view draws a weight as the trace's opacity
    style = {"label": trace.get("name"), "color": color, "alpha": alpha, "zorder": 2}
    if "lines" in mode:
        dash = LINE_STYLES.get(_get(trace, "line.dash", "solid"), "-")
        width = _get(trace, "line.width", 2) * POINTS_PER_PIXEL
        style["color"] = ax.plot(x, y, linestyle=dash, linewidth=width, **style)[0].get_color()
        style["label"] = None  # one legend entry per trace
        if trace.get("fill") in ("tozeroy", "tonexty"):
            ax.fill_between(x, y, alpha=0.2, color=style["color"], linewidth=0)
    if "markers" in mode and _get(trace, "marker.opacity", 1.0) > 0:  # 0: a net for clicks
        size = _get(trace, "marker.size", 6)
        size = size if isinstance(size, int | float) else 6
        colors = _get(trace, "marker.color")
        if colors is None or isinstance(colors, str):
            ax.plot(x, y, linestyle="none", marker="o", markersize=size * POINTS_PER_PIXEL, **style)
        else:
            ax.scatter(x, y, s=(size * POINTS_PER_PIXEL) ** 2, c=[_color(c) for c in colors],
                       alpha=alpha, zorder=2)  # fmt: skip
    if "text" in mode and trace.get("text") is not None:
        _point_texts(ax, trace, x, y)


def _point_texts(ax: Axes, trace: Spec, x: np.ndarray, y: np.ndarray) -> None:
    """A text trace's texts, each on its side of its point ("middle left": left of it)."""
    texts, places = trace["text"], trace.get("textposition") or "middle center"
    texts = [texts] * len(x) if isinstance(texts, str) else list(texts)
    places = [places] * len(x) if isinstance(places, str) else list(places)
    font = _font(_get(trace, "textfont.size", TEXT_PIXELS))
    colors = _get(trace, "textfont.color") or "#222222"
    colors = [colors] * len(x) if isinstance(colors, str) else list(colors)  # one per text
    for xi, yi, text, place, color in zip(x, y, texts, places, colors, strict=False):
        ha = "right" if place.endswith("left") else "left" if place.endswith("right") else "center"
        va = (
            "bottom"
            if place.startswith("top")
            else "top"
            if place.startswith("bottom")
            else "center"
        )
        ax.text(xi, yi, _text(text), ha=ha, va=va, color=_color(color), zorder=3, **font)


def _bar(ax: Axes, trace: Spec, x_cats: list, y_cats: list, frame: _Frame) -> None:
    horizontal = trace.get("orientation") == "h"
    values, places = (
        (trace.get("x"), trace.get("y")) if horizontal else (trace.get("y"), trace.get("x"))
    )
    if values is None:
        return
    positions = _positions(places, y_cats if horizontal else x_cats, len(values))
    values = np.asarray(values, dtype=float)
    colors = _get(trace, "marker.color")
    color = (
        _color(colors) if isinstance(colors, str) or colors is None else [_color(c) for c in colors]
    )
    thickness = trace.get("width", 0.8)
    base = trace.get("base")
    draw = ax.barh if horizontal else ax.bar
    bars = draw(positions, values, thickness, base, color=color, label=trace.get("name"), zorder=2)
    if trace.get("text") is not None and trace.get("textposition") == "inside":
        texts = (
            trace["text"] if not isinstance(trace["text"], str) else [trace["text"]] * len(values)
        )
        font = {
            **_font(_get(trace, "textfont.size", TEXT_PIXELS)),
            "color": _get(trace, "textfont.color", "#222222"),
        }
        ax.bar_label(bars, [_text(t) for t in texts], label_type="center", **font)


def _cell_texts(ax: Axes, trace: Spec, xs: np.ndarray, ys: np.ndarray) -> None:
    """A heatmap's cell texts ("−∞" in masked cells, say), each at the centre of its cell
    (between edges ``xs`` and ``ys``)."""
    xs, ys = (xs[1:] + xs[:-1]) / 2, (ys[1:] + ys[:-1]) / 2
    font = {**_font(_get(trace, "textfont.size", TEXT_PIXELS)), "ha": "center", "va": "center"}
    color = _color(_get(trace, "textfont.color")) or "#222222"
    for (row, column), text in np.ndenumerate(np.asarray(trace["text"], dtype=object)):
        if text:
            ax.text(xs[column], ys[row], _text(text), color=color, zorder=3, **font)


def _cells(ax: Axes, xs: np.ndarray, ys: np.ndarray, z: np.ndarray, cmap: Any, vmin: float,
           vmax: float) -> Any:  # fmt: skip
    """The heatmap's cells between edges ``xs`` and ``ys``: one image when they are evenly
    spaced (every category axis; much faster than a mesh), else a mesh."""
    style = {"cmap": cmap, "vmin": vmin, "vmax": vmax, "zorder": 1}
    if all(np.allclose(np.diff(e), e[1] - e[0]) for e in (xs, ys)):
        return ax.imshow(z, extent=(xs[0], xs[-1], ys[0], ys[-1]), origin="lower",
                         aspect="auto", interpolation="nearest", **style)  # fmt: skip
    return ax.pcolormesh(xs, ys, z, shading="flat", **style)


def _positions(values: Any, categories: list, n: int) -> np.ndarray:
    """Numbers for a trace's coordinates: numbers as they are, strings as the index of their
    category on that axis (categories kept in order of first appearance, as plotly does)."""
    if values is None:
        return np.arange(n, dtype=float)
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return values.astype(float)
    values = list(values)
    if all(isinstance(v, int | float | np.number) for v in values):
        return np.asarray(values, dtype=float)
    for value in values:
        if value not in categories:
            categories.append(value)
    return np.asarray([categories.index(v) for v in values], dtype=float)


def _cell_edges(positions: np.ndarray, n: int) -> np.ndarray:
    """The ``n + 1`` edges of ``n`` cells: ``positions`` themselves when they are edges (plotly
    takes either; the long text's overview gives the edges of pooled blocks), else the edges
    around ``positions`` as centres."""
    return positions if len(positions) == n + 1 else _edges(positions)


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around cell centres (one more edge than centres)."""
    if len(centres) == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middles = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - middles[0]], middles, [2 * centres[-1] - middles[-1]]])


def _style_axes(
    ax: Axes, layout: Spec, x_name: str | None, y_name: str, categories: dict[str, list]
) -> None:
    """Titles, ranges, ticks and direction of the axes of ``ax`` from the layout (its x axis
    only if it has its own)."""
    pairs = [("y", y_name, ax.yaxis)] + ([("x", x_name, ax.xaxis)] if x_name else [])
    ax.minorticks_off()  # plotly draws none; a log axis' minor ticks cost as much as its picture
    for letter, name, axis in pairs:
        spec, cats = _axis(layout, name), categories.get(name, [])
        limits = ax.set_xlim if letter == "x" else ax.set_ylim
        log = spec.get("type") == "log"
        if log:
            (ax.set_xscale if letter == "x" else ax.set_yscale)("log")
        if spec.get("range") is not None:
            limits(*(10.0 ** np.asarray(spec["range"]) if log else spec["range"]))
        elif cats:
            limits(-0.5, len(cats) - 0.5)
        if spec.get("autorange") == "reversed":
            limits(*reversed(ax.get_xlim() if letter == "x" else ax.get_ylim()))
        if spec.get("visible") is False:
            _hide(ax, letter)
            continue
        if spec.get("showticklabels") is False:
            axis.set_ticks([])
        elif spec.get("tickvals") is not None:
            ticks = _positions(spec["tickvals"], list(cats), len(spec["tickvals"]))
            axis.set_ticks(ticks, [_text(t) for t in spec.get("ticktext") or spec["tickvals"]])
        elif cats:
            axis.set_ticks(range(len(cats)), [_text(c) for c in cats])
        size = _get(spec, "tickfont.size", TEXT_PIXELS)
        angle = spec.get("tickangle")
        if not isinstance(angle, int | float):  # plotly's "auto"
            labelled = letter == "x" and (cats or spec.get("tickvals") is not None)
            angle = _auto_angle(ax, axis, size) if labelled else 0
        ax.tick_params(axis=letter, labelsize=_points(size), labelrotation=-angle)
        title = _text(_get(spec, "title.text"))
        if title:
            axis.set_label_text(title, **_font(_get(spec, "title.font.size", 13)))
    if _axis(layout, y_name).get("side") == "right":
        ax.yaxis.set_label_position("right")


def _auto_angle(ax: Axes, axis: Any, size: float) -> float:
    """90 (read top to bottom) when the labels of a horizontal category axis would run into
    each other upright, as plotly turns them; else 0."""
    ticks = axis.get_majorticklocs()
    labels = [label.get_text() for label in axis.get_majorticklabels()]
    if len(ticks) < 2 or not any(labels):
        return 0
    low, high = ax.get_xlim()
    pixels = ax.get_position().width * ax.figure.bbox.width
    spacing = abs(ticks[1] - ticks[0]) / abs(high - low) * pixels
    return 90 if max(text_width_em(label) for label in labels) * size > spacing else 0


def _hide(ax: Axes, letter: str) -> None:
    """No ticks, labels or spines on one axis of ``ax`` (plotly's ``visible: False``)."""
    (ax.xaxis if letter == "x" else ax.yaxis).set_visible(False)
    for side in ("bottom", "top") if letter == "x" else ("left", "right"):
        ax.spines[side].set_visible(False)


def _shape(page: Figure, frame: _Frame, axes: dict[str, Axes], shape: Spec) -> None:
    """A rectangle, line or path, in data, axis-domain or paper coordinates, below or above
    the traces of its axes."""
    xref, yref = shape.get("xref", "x"), shape.get("yref", "y")
    ax = axes.get(yref.split()[0]) or next(iter(axes.values()), None)
    transform = _transform(page, frame, ax, xref, yref)
    if transform is None or ax is None:
        return
    line = shape.get("line") or {}
    style = {
        "transform": transform,
        "edgecolor": _color(line.get("color")) or "#444444",
        "linewidth": line.get("width", 2) * POINTS_PER_PIXEL,
        "linestyle": LINE_STYLES.get(line.get("dash") or "solid", "-"),
        "facecolor": _color(shape.get("fillcolor")) or "none",
        "alpha": shape.get("opacity"),
        "zorder": 0.5 if shape.get("layer") == "below" else 3,
        "clip_on": False,
    }
    if not style["linewidth"]:
        style["edgecolor"] = "none"
    kind = shape.get("type", "rect" if "path" not in shape else "path")
    if kind == "path":
        points = [(float(a), float(b)) for a, b in PATH_POINT.findall(shape.get("path", ""))]
        if len(points) > 1:
            ax.add_artist(PathPatch(Path(points), **{**style, "facecolor": "none"}))
        return
    x = [_number(ax, shape.get("x0"), "x"), _number(ax, shape.get("x1"), "x")]
    y = [_number(ax, shape.get("y0"), "y"), _number(ax, shape.get("y1"), "y")]
    if kind == "line":
        ax.add_artist(Line2D(x, y, color=style["edgecolor"], linewidth=style["linewidth"],
                             linestyle=style["linestyle"], transform=transform, zorder=style["zorder"],
                             clip_on=False))  # fmt: skip
    elif kind == "rect":
        ax.add_artist(Rectangle((x[0], y[0]), x[1] - x[0], y[1] - y[0], **style))


def _annotation(page: Figure, frame: _Frame, axes: dict[str, Axes], note: Spec) -> None:
    """An annotation's text at its place (arrows are not drawn)."""
    text = _text(note.get("text"))
    if not text:
        return
    xref, yref = note.get("xref", "x"), note.get("yref", "y")
    ax = axes.get(yref.split()[0]) or next(iter(axes.values()), None)
    transform = _transform(page, frame, ax, xref, yref)
    if transform is None:
        return
    x, y = _number(ax, note.get("x", 0.5), "x"), _number(ax, note.get("y", 0.5), "y")
    ha = {"left": "left", "right": "right"}.get(note.get("xanchor"), "center")
    va = {"top": "top", "bottom": "bottom"}.get(note.get("yanchor"), "center")
    color = _color(_get(note, "font.color")) or "#222222"
    page.text(x, y, text, transform=transform, ha=ha, va=va, color=color,
              rotation=-(note.get("textangle") or 0), **_font(_get(note, "font.size", TEXT_PIXELS)))  # fmt: skip


def _transform(page: Figure, frame: _Frame, ax: Axes | None, xref: str, yref: str) -> Any:
    """The matplotlib transform of plotly references: "paper", "x", "x2 domain", ..."""
    m = frame.margin
    paper = (
        transforms.Affine2D()
        .scale(
            (frame.width - m["l"] - m["r"]) / frame.page_width,
            (frame.height - m["t"] - m["b"]) / frame.page_height,
        )
        .translate(*frame.point(m["l"], frame.height - m["b"]))
        + page.transFigure
    )

    def one(ref: str) -> Any:
        if ref == "paper":
            return paper
        if ax is None:
            return None
        return ax.transAxes if ref.endswith("domain") else ax.transData

    x, y = one(xref), one(yref)
    return None if x is None or y is None else transforms.blended_transform_factory(x, y)


def _number(ax: Axes | None, value: Any, letter: str) -> float:
    """A coordinate as a number; a category name becomes its tick's position."""
    if isinstance(value, int | float | np.number) or ax is None or value is None:
        return float(value or 0)
    axis = ax.xaxis if letter == "x" else ax.yaxis
    labels = [t.get_text() for t in axis.get_ticklabels()]
    return float(labels.index(str(value))) if str(value) in labels else 0.0


def _legend(
    page: Figure, frame: _Frame, traces: Sequence[Spec], layout: Spec, axes: dict[str, Axes]
) -> None:
    """One legend, top right, of the named traces that plotly would list."""
    if layout.get("showlegend") is False:
        return
    listed = {t.get("name") for t in traces if t.get("name") and t.get("showlegend") is not False}
    if len(listed) < 2 and not any(t.get("showlegend") for t in traces):
        return
    entries: dict[str, Any] = {}
    for ax in axes.values():
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label in listed:
                entries.setdefault(label, handle)
    if not entries:
        return
    legend = layout.get("legend") or {}
    horizontal = legend.get("orientation") == "h"
    x, y = legend.get("x", 1.02), legend.get("y", 1.0)
    xanchor = legend.get("xanchor", "left" if x <= 1 else "right")
    yanchor = legend.get("yanchor", "top" if not horizontal or y > 0 else "bottom")
    yanchor = {"middle": "center"}.get(yanchor, yanchor)
    loc = (
        f"{'center' if yanchor == 'center' else 'upper' if yanchor == 'top' else 'lower'} {xanchor}"
    )
    page.legend(entries.values(), entries.keys(), loc=loc.replace("center center", "center"),
                bbox_to_anchor=frame.paper(x, y), frameon=False, ncols=min(len(entries), 4) if horizontal else 1,
                prop={"size": _points(11), "family": font_family()})  # fmt: skip


def _font(pixels: float) -> dict[str, Any]:
    return {"fontsize": _points(pixels), "fontfamily": font_family()}


def _points(pixels: float) -> float:
    return pixels * POINTS_PER_PIXEL


def _text(text: Any) -> str:
    """Plotly's label markup as plain text: <br> → new line, <b>, <sup>, ... dropped, entities
    read; a token such as "<eos>" stays."""
    if text is None:
        return ""
    return html.unescape(TAG.sub("", re.sub(r"<br\s*/?>", "\n", str(text), flags=re.IGNORECASE)))


def _one(color: Any) -> Any:
    """``color`` if it is one colour, None if it is a list of them."""
    return color if isinstance(color, str) else None


def _color(color: Any) -> Any:
    """A plotly colour ("rgb(1,2,3)", "rgba(1,2,3,0.5)", "#abc", a name) for matplotlib;
    None stays None."""
    if not isinstance(color, str):
        return color
    match = RGB.fullmatch(color.strip())
    if match is None:
        return to_rgba(color)
    parts = [float(p) for p in match.group(1).split(",")]
    return (parts[0] / 255, parts[1] / 255, parts[2] / 255, parts[3] if len(parts) > 3 else 1.0)
