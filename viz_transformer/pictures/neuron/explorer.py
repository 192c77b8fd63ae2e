"""NeuronExplorer: one head's score for one query and one key, dimension by dimension."""

from __future__ import annotations

import ipywidgets as widgets

from ...runs import ModelChoice, resolve
from ...runs.text_run import TextRun, run_text
from ..common.explorer import Explorer, reports_errors, runs_model
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, part_dropdown, refit, text_box
from .plotly import neuron_figure
from .view import NeuronView, neuron

CAPTURED = ["*.hook_q", "*.hook_k"]  # every layer's queries and keys; the scores follow from them


class NeuronExplorer(Explorer):
    """Pick a model, a text, an attention part, a layer and a head, then a query and a key:
    q and k per dimension, their product q ⊙ k summing to q·k, the score q·k/√dₖ among the
    query's scores over every key, and the softmax weight it becomes.

    The model runs once per model or text (``model_runs`` counts it); every other control
    only slices the cached queries and keys.
    """

    def __init__(
        self,
        model: ModelChoice = "reverse",
        text: str = "attention2017",
        *,
        lang: str | None = None,
    ) -> None:
        self.model = model_dropdown(model)
        self.text = text_box(text)
        self.part = part_dropdown()
        self.layer = layer_slider()
        self.head = widgets.Dropdown(description="head")
        self.query = widgets.IntSlider(0, min=0, max=0, description="query")
        self.key = widgets.IntSlider(0, min=0, max=0, description="key")
        super().__init__([self.model, self.text, self.part, self.layer, self.head, self.query,
                          self.key], lang=lang)  # fmt: skip
        self.model_runs = 0
        self.run: TextRun | None = None
        self.view: NeuronView | None = None
        self.observe_controls(self.compute, self.model, self.text)
        self.observe_controls(self.draw, self.part, self.layer, self.head, self.query, self.key)
        self.compute()

    @runs_model
    def compute(self) -> None:
        """Run the model on the text, capturing every layer's q and k, then fit the controls."""
        model, tokenizer = resolve(self.model.value)
        self.run = run_text(model, tokenizer, self.text.value, names=CAPTURED)
        self.model_runs += 1
        parts = self.run.cache.attention_parts
        with self.quietly():
            refit(self.part, parts, parts[0])
            refit(self.head, list(range(model.config.n_heads)), 0)
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Fit the layer, query and key ranges to the part, slice the cache, and redraw."""
        if self.run is None:
            return
        queries, keys = self.run.tokens(self.part.value)
        with self.quietly():  # a lower max pulls the value down with it
            self.layer.max = self.run.cache.n_layers(self.part.value) - 1
            self.query.max = len(queries) - 1
            self.key.max = len(keys) - 1
        self.view = neuron(self.run.cache, self.part.value, self.layer.value, self.head.value,
                           self.query.value, self.key.value, queries, keys)  # fmt: skip
        self.show(neuron_figure(self.view))
