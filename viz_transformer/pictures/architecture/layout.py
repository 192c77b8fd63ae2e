"""Where each box, note and arrow of the architecture map goes: the geometry both renderers
draw, in pixels of the figure (y grows upwards: data flows up, as in the 2017 paper).

A column per stack: boxes in the middle, the residual path on the side facing the notes
(the skip around norm and sublayer, into ⊕), the notes (hook name and captured shape) beside
it. Two stacks stand side by side, encoder notes on the left and decoder notes on the right,
with the cross-attention arrows in the gap between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .view import ArchitectureMap, Block

ROW = 24  # px between rows
BOX_HEIGHT = 18
BOX_WIDTH = 124  # room for "masked self-attention" at 10 px
NOTE_WIDTH = 251  # room for "layers.1.cross_attn.hook_weights [1, 4, 14, 14]" at 9.5 px
SINGLE_WIDTH = 560  # one column: as wide as the title of a one-stack model needs
NOTE_SIZE = 9.5  # px, the notes' font
LABEL_SIZE = 10  # px, the boxes' labels
LANE = 10  # the residual path's distance from the boxes
GAP = 50  # between two columns: the cross-attention arrows (two columns: 840 px in all)
MARGIN_TOP, MARGIN_BOTTOM = 32, 30
KIND_COLORS = {
    "embedding": "#f4cccc",
    "positional": "#fce5cd",
    "norm": "#fff2cc",
    "attention": "#cfe2f3",
    "residual": "#eeeeee",
    "feed-forward": "#d9ead3",
    "head": "#d9d2e9",
    "sublayer": "#eeeeee",
}
Point = tuple[float, float]


@dataclass(frozen=True)
class BoxPlace:
    """One block's box and its note: ``note_x`` is where the note's text is anchored,
    ``note_align`` which end of the text sits there ("left" or "right")."""

    block: Block
    x0: float
    x1: float
    y0: float
    y1: float
    note: str
    note_x: float
    note_align: str

    @property
    def centre(self) -> Point:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class MapLayout:
    """Everything a renderer draws: boxes, column spines, residual paths and cross-attention
    arrows (polylines, arrowhead at the last point), headers (x, y, text, is a column's
    name) and layer bands (x0, x1, y0, y1)."""

    width: int
    height: int
    boxes: list[BoxPlace]
    spines: list[tuple[Point, Point]]
    residuals: list[list[Point]]
    cross: list[list[Point]]
    headers: list[tuple[float, float, str, bool]]
    bands: list[tuple[float, float, float, float]]
    title: str


def shape_text(shape: tuple[int, ...] | None) -> str:
    """ "[1, 4, 6, 6]", or "not captured"."""
    return "not captured" if shape is None else f"[{', '.join(map(str, shape))}]"


def note_text(block: Block) -> str:
    """The shown hook's name after its column's name (``layers.0.self_attn.hook_weights``;
    the head keeps its own ``head.hook_logits``), then its shape for this input."""
    name = block.shown.removeprefix(f"{block.stack}.")
    return f"{name} {shape_text(block.shown_shape)}"


def hover_text(block: Block) -> str:
    """Every hook of the block with its shape, one per line (plotly's hover)."""
    lines = [f"<b>{block.label}</b> · {block.path}"]
    lines += [
        f"{hook} {shape_text(shape)}" for hook, shape in zip(block.hooks, block.shapes, strict=True)
    ]
    return "<br>".join(lines)


def map_layout(view: ArchitectureMap) -> MapLayout:
    """Place the blocks of ``view``: one column per stack, rows from the bottom."""
    two = len(view.stacks) == 2
    n_rows = max(b.row for b in view.blocks) + 1
    height = MARGIN_BOTTOM + n_rows * ROW + MARGIN_TOP
    if two:
        box_x0 = {
            view.stacks[0]: NOTE_WIDTH + LANE * 2,
            view.stacks[1]: NOTE_WIDTH + LANE * 2 + BOX_WIDTH + GAP,
        }
        width = 2 * (NOTE_WIDTH + LANE * 2 + BOX_WIDTH) + GAP
    else:
        box_x0 = {view.stacks[0]: LANE * 2}
        width = max(SINGLE_WIDTH, LANE * 4 + BOX_WIDTH + NOTE_WIDTH)
    # the side each column's notes and residual path are on: outwards
    side = {stack: (-1 if two and i == 0 else 1) for i, stack in enumerate(view.stacks)}

    def y_of(row: int) -> float:
        return MARGIN_BOTTOM + row * ROW + ROW / 2

    boxes, spines, residuals, headers, bands = [], [], [], [], []
    for stack in view.stacks:
        x0 = box_x0[stack]
        x1 = x0 + BOX_WIDTH
        lane = x0 - LANE if side[stack] < 0 else x1 + LANE
        note_x = lane - LANE if side[stack] < 0 else lane + LANE
        column = view.column(stack)
        for block in column:
            y = y_of(block.row)
            align = "right" if side[stack] < 0 else "left"
            boxes.append(BoxPlace(block, x0, x1, y - BOX_HEIGHT / 2, y + BOX_HEIGHT / 2,
                                  note_text(block), note_x, align))  # fmt: skip
        centre = (x0 + x1) / 2
        spines.append(((centre, y_of(column[0].row)), (centre, y_of(column[-1].row))))
        headers.append((centre, y_of(column[-1].row) + ROW, stack, True))
        headers.append((centre, MARGIN_BOTTOM - ROW / 2 - 2, f"{stack} input ↑", False))
        residuals += _residual_paths(column, y_of, lane, x0 if side[stack] < 0 else x1, centre)
        for layer in sorted({b.layer for b in column if b.layer is not None}):
            rows = [b.row for b in column if b.layer == layer]
            left, right = (lane - 4, x1 + 4) if side[stack] < 0 else (x0 - 4, lane + 4)
            bands.append(
                (left, right, y_of(min(rows)) - ROW / 2 + 1, y_of(max(rows)) + ROW / 2 - 1)
            )
    place = {b.block.path: b for b in boxes}
    cross = []
    for source, target in view.cross:
        start, end = place[source], place[target]
        bus = (start.x1 + end.x0) / 2
        cross.append([(start.x1, start.centre[1]), (bus, start.centre[1]),
                      (bus, end.centre[1]), (end.x0, end.centre[1])])  # fmt: skip
    return MapLayout(width, height, boxes, spines, residuals, cross, headers, bands, view.title)


def _residual_paths(
    column: list[Block], y_of: Callable[[int], float], lane: float, edge: float, centre: float
) -> list[list[Point]]:
    """For each block that adds the skip (⊕), the skip itself: it leaves the spine just below
    the sublayer's first block, runs up the lane and enters the ⊕ box from the side."""
    paths = []
    for i, block in enumerate(column):
        if not block.adds_residual:
            continue
        # the sublayer's first block: the norm before it (pre-norm) or the sublayer itself
        first = i - 2 if block.kind == "residual" else i - 1
        y_start = y_of(column[first].row) - ROW / 2
        y_end = y_of(block.row)
        paths.append([(centre, y_start), (lane, y_start), (lane, y_end), (edge, y_end)])
    return paths
