"""LinkedAttentionExplorer: the layers × heads grid, the head-detector map, one head's heatmap
and its token lines, linked by the mouse (issue 15).

A click on a cell of the grid, or on a cell of a detector's [layer, head] map, opens that
layer and head in the heatmap and the lines under them; hovering a row of the heatmap shows
that query's lines, as hovering the query token does. The model runs once per text (``runs``);
every picture is a slice of that cache.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from ...runs import ModelChoice
from ..attention.plotly import head_attention_figure
from ..attention.view import HeadAttention, head_attention
from ..common.explorer import Controls, reports_errors
from ..common.panel import Panel
from ..common.panels_plotly import panels_figure
from ..common.run_controls import refit
from ..detectors.view import head_detectors
from ..lines.explorer import LinesExplorer, at_point
from .plotly import attention_grid_figure
from .view import AttentionGrid, attention_grid


class LinkedAttentionExplorer(LinesExplorer):
    """Every head of a part at once (``grid_figure``), how much each follows a known pattern
    (``detector_figure``), then the chosen layer and ``head`` as a heatmap (``heatmap_figure``)
    and as token lines (``figure``, with the hover and lock of :class:`LinesExplorer`).

    Clicking a cell of the grid or of a detector map calls :meth:`open_head` with its layer and
    head; hovering a heatmap row calls ``hover("query", row)``. ``grid``, ``detectors`` and
    ``heatmap`` hold the numbers drawn.

    >>> explorer = vt.explorers.LinkedAttentionExplorer("reverse", text="attention2017")
    >>> explorer.open_head(layer=1, head=2)  # what a click on that cell of the grid does
    """

    FIGURES: Sequence[str] = ("grid_figure", "detector_figure", "heatmap_figure", "figure")

    def __init__(
        self,
        model: ModelChoice = "reverse",
        text: str = "attention2017",
        *,
        lang: str | None = None,
    ) -> None:
        self.head = widgets.Dropdown(description="head")
        self.grid: AttentionGrid | None = None
        self.detectors: list[Panel] = []
        self.heatmap: HeadAttention | None = None
        super().__init__(model, text, lang=lang)
        self.observe_controls(self.draw, self.head)

    def _control_list(self) -> list[Controls]:
        return [self.model, self.text, self.part, self.layer, self.head, self.heads]

    def _fit_controls(self, n_heads: int) -> None:
        super()._fit_controls(n_heads)
        refit(self.head, [(f"head {h}", h) for h in range(n_heads)], 0)

    @reports_errors
    def draw_part(self) -> None:
        """Another part: its grid and detector maps, then the chosen layer and head."""
        if self.run is None:
            return
        queries, keys = self.run.tokens(self.part.value)
        self.grid = attention_grid(self.run.cache, self.part.value, queries, keys)
        self.show(attention_grid_figure(self.grid), "grid_figure")
        for trace in self.grid_figure.data:  # a panel's traces: meta [layer, head]
            trace.on_click(at_point(lambda _, meta=trace.meta: self.open_head(*meta)))
        self.detectors = head_detectors(self.run.cache, self.part.value, queries, keys)
        maps = panels_figure(self.detectors, xlabel="head", ylabel="layer")
        self.show(maps, "detector_figure")
        for trace in self.detector_figure.data:  # a map's cell: [layer, head]
            trace.on_click(at_point(lambda cell: self.open_head(*cell)))
        super().draw_part()

    @reports_errors
    def draw(self) -> None:
        """The chosen layer and head as a heatmap, then the layer's lines."""
        if self.run is None:
            return
        queries, keys = self.run.tokens(self.part.value)
        self.heatmap = head_attention(self.run.cache, self.part.value, self.layer.value,
                                      self.head.value, queries, keys)  # fmt: skip
        self.show(head_attention_figure(self.heatmap), "heatmap_figure")
        values = self.heatmap_figure.data[0]
        values.on_hover(at_point(lambda cell: self.hover("query", cell[0])))
        values.on_unhover(at_point(lambda _: self.unhover()))
        super().draw()

    def open_head(self, layer: int, head: int) -> None:
        """Show ``layer`` and ``head`` in the heatmap and the lines (what a click on a cell
        of the grid or of a detector map does)."""
        with self.quietly():
            self.layer.value = int(layer)
            self.head.value = int(head)
            self.heads.value = (int(head),)
        self.draw()
