"""AttentionExplorer: any shipped model, any text, any attention part, layer and head."""

from __future__ import annotations

import ipywidgets as widgets

from ..renderers.head_attention import head_attention_figure
from ..style import plotly_colorscale
from ..text_run import TextRun, run_text
from ..views.head_attention import COMBINED, head_attention
from .explorer import Explorer, reports_errors
from .models import ModelChoice, model_dropdown, resolve

COLOR_MAPS = ("viridis", "cividis", "magma", "Blues")
HIGHLIGHT = {"type": "rect", "line": {"color": "#D55E00", "width": 2}, "fillcolor": "rgba(0,0,0,0)"}


class AttentionExplorer(Explorer):
    """Pick a model and a text, then a part (encoder, decoder, cross), a layer and a head.

    Three update depths: model or text → run the model once (``model_runs`` counts them);
    part, layer or head → slice the cache and redraw; colour map → restyle only. Hovering a
    cell outlines its query row and key column.
    """

    def __init__(self, model: ModelChoice = "reverse", text: str = "attention2017") -> None:
        self.model = model_dropdown(model)
        self.text = widgets.Text(value=text, description="text", continuous_update=False)
        self.part = widgets.Dropdown(description="attention")
        self.layer = widgets.IntSlider(0, min=0, max=0, description="layer")
        self.head = widgets.Dropdown(description="head")
        self.cmap = widgets.Dropdown(options=COLOR_MAPS, value="viridis", description="colours")
        super().__init__([self.model, self.text, self.part, self.layer, self.head, self.cmap])
        self.model_runs = 0
        self.run: TextRun | None = None
        self.observe_controls(self.compute, self.model, self.text)
        self.observe_controls(self.draw, self.part, self.layer, self.head)
        self.observe_controls(self.restyle, self.cmap)
        self.compute()

    @reports_errors
    def compute(self) -> None:
        """Run the model on the text (the only step that does), then fit the controls."""
        model, tokenizer = resolve(self.model.value)
        self.run = run_text(model, tokenizer, self.text.value, names="*.hook_weights")
        self.model_runs += 1
        unknown = sorted({p for p in tokenizer.split(self.text.value) if p not in tokenizer.stoi})
        if unknown:
            self.show_message(f"not in this model's vocabulary, read as <unk>: {' '.join(unknown)}")
        parts = self.run.cache.attention_parts
        with self.quietly():
            self.part.options = parts
            self.part.value = self.part.value if self.part.value in parts else parts[-1]
            self.head.options = [*range(model.config.n_heads), *COMBINED]
            self.head.value = self.head.value if self.head.value in self.head.options else 0
        self._fit_layers()
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the cached attention at part, layer and head, and redraw."""
        if self.run is None:
            return
        self._fit_layers()
        queries, keys = self.run.tokens(self.part.value)
        view = head_attention(self.run.cache, self.part.value, self.layer.value, self.head.value,
                              queries, keys)  # fmt: skip
        self.show(head_attention_figure(view, cmap=self.cmap.value))
        self.figure.data[0].on_hover(self._highlight)

    def restyle(self) -> None:
        """A new colour map changes the colour scale only: no model run, no new data."""
        self.figure.data[0].colorscale = plotly_colorscale(self.cmap.value)

    def _fit_layers(self) -> None:
        with self.quietly():
            self.layer.max = self.run.cache.n_layers(self.part.value) - 1

    def _highlight(self, trace, points, state) -> None:
        """Outline the hovered cell's query row and key column."""
        if not points.point_inds:
            return
        row, column = points.point_inds[0]
        n_rows, n_columns = len(trace.y), len(trace.x)
        self.figure.layout.shapes = [
            {**HIGHLIGHT, "xref": "x", "yref": "y", "x0": -0.5, "x1": n_columns - 0.5,
             "y0": row - 0.5, "y1": row + 0.5},
            {**HIGHLIGHT, "xref": "x", "yref": "y", "x0": column - 0.5, "x1": column + 0.5,
             "y0": -0.5, "y1": n_rows - 0.5},
        ]  # fmt: skip
