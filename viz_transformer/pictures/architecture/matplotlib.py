"""The architecture map drawn by matplotlib on a given ``ax``: the static picture for print.

Same geometry as the plotly map (``architecture_layout``), in pixels of a figure
``width / 100`` inches wide; the fonts are sized for that figure (100 px per inch), so a
new figure made here reads like the plotly one at notebook size.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from ..common.heatmap_matplotlib import artist_kwargs, axes_to_draw_on
from ..common.style import get_theme, theme_context
from ..common.theme import ThemeLike
from .layout import KIND_COLORS, LABEL_SIZE, NOTE_SIZE, Point, map_layout
from .view import ArchitectureMap

PX_PER_INCH = 100
POINTS_PER_PX = 72 / PX_PER_INCH


def plot_architecture(
    view: ArchitectureMap,
    ax: Axes | None = None,
    *,
    selected: str | None = None,
    theme: ThemeLike = "light",
    **kwargs: Any,
) -> Axes:
    """Draw the architecture map of ``view``: a box per block, residual and cross-attention
    arrows, each box's hook name and shape beside it.

    ``ax``: the axes to draw on; None: the current axes if a figure is open and that axes is
    still empty, else a new figure sized for the map. The block whose path is ``selected`` is
    outlined. ``**kwargs`` go to every box's ``Rectangle`` (e.g. ``alpha=0.6``,
    ``hatch="//"``). Returns the axes; each box is a Rectangle patch whose ``get_gid()`` is
    its block's path.

    >>> vt.plot.architecture(vt.views.architecture_map(model), selected="encoder.layers.0")
    """
    layout = map_layout(view)
    t = get_theme(theme)
    with theme_context(theme):
        size = (layout.width / PX_PER_INCH, (layout.height + 40) / PX_PER_INCH)
        ax, _ = axes_to_draw_on(ax, size, t, layout="constrained")
        for x0, x1, y0, y1 in layout.bands:
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color="#777777", alpha=0.08,
                                   linewidth=0, zorder=0))  # fmt: skip
        for start, end in layout.spines:
            _line(ax, [start, end], t.foreground, 1.0)
        for path in layout.residuals:
            _line(ax, path, "#777777", 0.9, arrow=True)
        for path in layout.cross:
            _line(ax, path, "#1f5fa8", 1.2, arrow=True)
        for box in layout.boxes:
            chosen = box.block.path == selected
            style = {
                "facecolor": KIND_COLORS[box.block.kind],
                "edgecolor": t.foreground if chosen else "#999999",
                "linewidth": 2.2 if chosen else 0.5,
                "zorder": 2,
                "gid": box.block.path,
            }
            ax.add_patch(Rectangle((box.x0, box.y0), box.x1 - box.x0, box.y1 - box.y0,
                                   **artist_kwargs(style, kwargs, Rectangle)))  # fmt: skip
            x, y = box.centre
            ax.text(x, y, box.block.label, ha="center", va="center", color="#222222",
                    fontsize=LABEL_SIZE * POINTS_PER_PX, zorder=3)  # fmt: skip
            ax.text(box.note_x, y, box.note, ha=box.note_align, va="center",
                    fontsize=NOTE_SIZE * POINTS_PER_PX, zorder=3)  # fmt: skip
        for x, y, text, name in layout.headers:
            size = (12 if name else 10) * POINTS_PER_PX
            ax.text(x, y, text, ha="center", va="center", fontsize=size)
        ax.set_xlim(0, layout.width)
        ax.set_ylim(0, layout.height)
        ax.set_axis_off()
        ax.set_title(layout.title, fontsize=13 * POINTS_PER_PX, loc="left")
    return ax


def _line(ax: Axes, points: list[Point], colour: str, width: float, arrow: bool = False) -> None:
    """A polyline; with ``arrow``, an arrowhead on its last segment."""
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, color=colour, linewidth=width, zorder=1, solid_capstyle="butt")
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2], zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": width,
                                "shrinkA": 0, "shrinkB": 0})  # fmt: skip
