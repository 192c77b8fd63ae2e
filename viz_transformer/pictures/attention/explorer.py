"""AttentionExplorer: any model, any text, any attention part, layer and head."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from ...runs import ModelChoice
from ...runs.models import reads_text, run_model, unread_words
from ...runs.text_run import TextRun
from ...runs.words import merge_words
from ..common.explorer import Explorer, reports_errors, runs_model
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, part_dropdown, refit, text_box
from ..common.style import plotly_colorscale
from ..long.overview import Overview, overview
from ..long.plotly import OUTLINE, long_attention_figure
from ..long.view import WINDOW, is_long, long_attention, window_start
from .plotly import head_attention_figure
from .view import COMBINED, HeadAttention, head_attention

COLOR_MAPS = ("viridis", "cividis", "magma", "Blues")
WHOLE_WORDS = (
    "Merge subword pieces into words: a word's column adds up the weight given to its "
    "pieces, its row is the mean of its pieces' rows, so every row still sums to 1."
)


class AttentionExplorer(Explorer):
    """Pick a model and a text, then a part (encoder, decoder, cross), a layer and a head.

    ``model`` is a shipped model's name, your own ``(Transformer, Tokenizer)``, or a model of
    another library (``viz_transformer.adapters``): ``(hf_model, hf_tokenizer)`` from Hugging
    Face transformers, ``(HookedTransformer, tokenizer or token labels)`` from TransformerLens,
    ``(torch.nn model, ModuleInput(...))``, which reads its given tensors, not the text.
    ``whole words`` merges a subword tokenizer's pieces into words (``runs.words``).

    Three update depths: model or text → run the model once (``model_runs`` counts them);
    part, layer or head → slice the cache and redraw; colour map → restyle only. Hovering a
    cell outlines its query row and key column.

    Past 512 tokens the picture is a max-pooled overview and an exact window of 32 × 32 cells:
    ``window_query`` and ``window_key`` place the window, and zooming on the overview moves it
    to the middle of the zoomed region.
    """

    def __init__(
        self,
        model: ModelChoice = "reverse",
        text: str = "attention2017",
        *,
        lang: str | None = None,
    ) -> None:
        self.model = model_dropdown(model, any_model=True)
        self.text = text_box(text)
        self.part = part_dropdown()
        self.layer = layer_slider()
        self.head = widgets.Dropdown(description="head")
        self.words = widgets.Checkbox(False, description="whole words", tooltip=WHOLE_WORDS)
        self.cmap = widgets.Dropdown(options=COLOR_MAPS, value="viridis", description="colours")
        self.window_query = widgets.IntSlider(0, min=0, max=0, description="from query")
        self.window_key = widgets.IntSlider(0, min=0, max=0, description="from key")
        super().__init__([self.model, self.text, self.part, self.layer, self.head, self.words,
                          self.cmap, self.window_query, self.window_key], lang=lang)  # fmt: skip
        self.model_runs = 0
        self.run: TextRun | None = None  # the run drawn: over words when ``words`` is ticked
        self._pieces: TextRun | None = None  # the model's run, over its pieces
        self.view: HeadAttention | None = None
        self._overview: Overview | None = None  # pooled once per head, reused as the window moves
        self._zoom: dict = {}  # the overview's zoomed axis ranges, kept across redraws
        self.observe_controls(self.compute, self.model, self.text)
        self.observe_controls(self.draw, self.part, self.layer, self.head)
        self.observe_controls(self.merge, self.words)
        self.observe_controls(self.draw_window, self.window_query, self.window_key)
        self.observe_controls(self.restyle, self.cmap)
        self.compute()

    @runs_model
    def compute(self) -> None:
        """Run the model on the text (the only step that does), then fit the controls."""
        self.text.disabled = not reads_text(self.model.value)
        self._pieces = run_model(self.model.value, self.text.value, names="*.hook_weights")
        self.model_runs += 1
        unknown = unread_words(self.model.value, self.text.value)
        if unknown:
            self.show_message(f"not in this model's vocabulary, read as <unk>: {' '.join(unknown)}")
        parts = self._pieces.cache.attention_parts
        with self.quietly():
            refit(self.part, parts, parts[-1])
            refit(self.head, [*range(self._pieces.cache.n_heads), *COMBINED], 0)
        self.words.layout.display = None if self._pieces.words else "none"  # pieces are words
        self.merge()

    @reports_errors
    def merge(self) -> None:
        """Show the run over pieces or over words (no model run), then redraw."""
        if self._pieces is None:
            return
        self.run = merge_words(self._pieces) if self.words.value else self._pieces
        self._fit_layers()
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the cached attention at part, layer and head, and redraw."""
        if self.run is None:
            return
        self._fit_layers()
        queries, keys = self.run.tokens(self.part.value)
        self.view = head_attention(self.run.cache, self.part.value, self.layer.value,
                                   self.head.value, queries, keys)  # fmt: skip
        shape = self._overview.matrix.shape if self._overview is not None else None
        self._overview = overview(self.view.weights) if is_long(self.view) else None
        if self._overview is None or self._overview.matrix.shape != shape:
            self._zoom = {}  # another text: the old zoom means nothing
        self._fit_window()
        self.draw_window()

    @reports_errors
    def draw_window(self) -> None:
        """Show the view: every cell, or (long) the overview and the exact window."""
        if self.view is None:
            return
        if self._overview is None:
            self.show(head_attention_figure(self.view, cmap=self.cmap.value))
            self.figure.data[0].on_hover(self._highlight)
            return
        window = long_attention(self._overview, self.window_query.value, self.window_key.value)
        figure = long_attention_figure(self.view, window, cmap=self.cmap.value)
        figure.update_layout(self._zoom)
        self.show(figure)
        self.figure.layout.on_change(self._follow_zoom, "xaxis.range", "yaxis.range")

    def restyle(self) -> None:
        """A new colour map changes the colour scale only: no model run, no new data."""
        if not isinstance(self.figure, go.FigureWidget):
            return  # nothing drawn yet (the text was refused): the next picture uses the map
        with self.figure.batch_update():
            for trace in self.figure.data:
                trace.colorscale = plotly_colorscale(self.cmap.value)

    def _fit_layers(self) -> None:
        with self.quietly():
            self.layer.max = self.run.cache.n_layers(self.part.value) - 1

    def _fit_window(self) -> None:
        """Window controls: shown and ranged for a long view, hidden otherwise."""
        n_queries, n_keys = self.view.weights.shape
        long = self._overview is not None
        with self.quietly():
            for slider, n in ((self.window_query, n_queries), (self.window_key, n_keys)):
                slider.max = max(n - WINDOW, 0)
                slider.layout.display = None if long else "none"

    def _follow_zoom(self, layout, x_range, y_range) -> None:
        """Zoomed on the overview: centre the exact window on the zoomed region."""
        if self._overview is None or x_range is None or y_range is None:
            return
        self._zoom = {"xaxis.range": list(x_range), "xaxis.autorange": False,
                      "yaxis.range": list(y_range), "yaxis.autorange": False}  # fmt: skip
        n_queries, n_keys = self.view.weights.shape
        centre_query, centre_key = sum(y_range) / 2, sum(x_range) / 2
        with self.quietly():
            self.window_query.value = window_start(round(centre_query - WINDOW / 2), n_queries)
            self.window_key.value = window_start(round(centre_key - WINDOW / 2), n_keys)
        self.draw_window()

    def _highlight(self, trace, points, state) -> None:
        """Outline the hovered cell's query row and key column."""
        if not points.point_inds:
            return
        row, column = points.point_inds[0]
        n_rows, n_columns = len(trace.y), len(trace.x)
        self.figure.layout.shapes = [
            {**OUTLINE, "x0": -0.5, "x1": n_columns - 0.5, "y0": row - 0.5, "y1": row + 0.5},
            {**OUTLINE, "x0": column - 0.5, "x1": column + 0.5, "y0": -0.5, "y1": n_rows - 0.5},
        ]  # fmt: skip
