"""The architecture map drawn by matplotlib on a given ``ax``: the static picture for print.

Same geometry as the plotly map (``architecture_layout``), in pixels of a figure
``width / 100`` inches wide; the fonts are sized for that figure (100 px per inch), so a
new figure made here reads like the plotly one at notebook size.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from ..style import get_theme, theme_context
from ..style.theme import ThemeLike
from ..views.architecture import ArchitectureMap
from .architecture_layout import KIND_COLORS, LABEL_SIZE, NOTE_SIZE, Point, map_layout

PX_PER_INCH = 100
POINTS_PER_PX = 72 / PX_PER_INCH


def plot_architecture(
    view: ArchitectureMap,
    ax: Axes | None = None,
    selected: str | None = None,
    theme: ThemeLike = "light",
) -> Axes:
    """Draw the map of ``view`` on ``ax`` (a new figure sized for it if None); the block
    whose path is ``selected`` is outlined. Returns the axes; each box is a Rectangle
    patch whose ``get_gid()`` is its block's path.

    >>> vt.plot.architecture(vt.views.architecture_map(model), ax=ax)
    """
    layout = map_layout(view)
    t = get_theme(theme)
    with theme_context(theme):
        if ax is None:
            size = (layout.width / PX_PER_INCH, (layout.height + 40) / PX_PER_INCH)
            _, ax = plt.subplots(figsize=size, layout="constrained")
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
            ax.add_patch(
                Rectangle(
                    (box.x0, box.y0), box.x1 - box.x0, box.y1 - box.y0,
                    facecolor=KIND_COLORS[box.block.kind],
                    edgecolor=t.foreground if chosen else "#999999",
                    linewidth=2.2 if chosen else 0.5, zorder=2, gid=box.block.path,
                )
            )  # fmt: skip
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
