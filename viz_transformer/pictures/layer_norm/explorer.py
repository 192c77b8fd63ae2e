"""LayerNormExplorer: what each LayerNorm does to every token, and why not BatchNorm."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from ...hooks.names import hook_name
from ...runs import ModelChoice, resolve
from ...runs.batches import run_batch
from ..batch_norm.plotly import norm_comparison_figure
from ..batch_norm.view import norm_comparison
from ..common.explorer import Explorer, reports_errors
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, refit, text_box
from .plotly import layer_norm_statistics_figure
from .view import layer_norm_statistics


class LayerNormExplorer(Explorer):
    """Top: per-token mean and variance before and after each LayerNorm of a layer (after:
    mean β̄-ish, variance ≈ γ² — every token on the same scale). Bottom: the text normalised
    alone and in a padded batch with each of ``mates``: LayerNorm's statistics never move,
    BatchNorm's change with the batch (and with how much of it is padding)."""

    def __init__(
        self, model: ModelChoice = "dates", text: str = "21 Nov 2026",
        mates: str = "2026年11月21日 | November 21, 2026 | 1/2/2000", *, lang: str | None = None,
    ) -> None:  # fmt: skip
        self.model = model_dropdown(model)
        self.text = text_box(text)
        self.stack = widgets.Dropdown(description="stack")
        self.layer = layer_slider()
        self.mates = widgets.Text(value=mates, description="batch mates", continuous_update=False)
        controls = [self.model, self.text, self.stack, self.layer, self.mates]
        super().__init__(controls, ("figure", "comparison"), lang=lang)
        self.observe_controls(self.fit, self.model)
        self.observe_controls(self.draw, self.text, self.stack, self.layer, self.mates)
        self.fit()

    @reports_errors
    def fit(self) -> None:
        """Offer the chosen model's stacks, then draw."""
        model, _ = resolve(self.model.value)
        stacks = [s for s in ("encoder", "decoder") if hasattr(model, s)]
        with self.quietly():
            refit(self.stack, stacks, stacks[0])
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Run the model on the text (and on each batch) and redraw both pictures."""
        model, tokenizer = resolve(self.model.value)
        stack = self.stack.value
        with self.quietly():
            self.layer.max = len(getattr(model, stack).layers) - 1
        run = run_batch(model, tokenizer, [self.text.value], stack, names=f"{stack}.*ln*.hook_*")
        tokens = tokenizer.pieces(run.rows[0])
        view = layer_norm_statistics(run.cache, stack, tokens=tokens, layers=[self.layer.value])
        self.show(layer_norm_statistics_figure(view))
        self.show(self._comparison(model, tokenizer, tokens), "comparison")

    def _comparison(self, model, tokenizer, tokens: list[str]) -> go.Figure:
        """The text alone, then in a padded batch with each mate: LayerNorm vs BatchNorm."""
        mates = [m.strip() for m in self.mates.value.split("|") if m.strip()]
        hook = hook_name(self.stack.value, self.layer.value, "ln1", "in")
        batches = [
            run_batch(model, tokenizer, texts, self.stack.value, names=[hook]).cache[hook]
            for texts in [[self.text.value]] + [[self.text.value, mate] for mate in mates]
        ]
        contexts = ["alone"] + [f"with “{m}”" for m in mates]
        view = norm_comparison(batches, [0] * len(batches), len(tokens), contexts, tokens)
        return norm_comparison_figure(view)
