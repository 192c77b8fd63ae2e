"""HeadAblation: switch heads, the positional encoding, the scaling or the residuals off and
watch the model's output and its held-out accuracy change."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...runs import ModelChoice, resolve
from ...runs.ablation import model_heads, run_ablated
from ..common.explorer import Explorer, reports_errors
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import text_box
from .plotly import ablation_scores_figure


class HeadAblation(Explorer):
    """Knock parts out of a trained model: which heads does the task depend on?

    ``heads`` holds (part, layer, head) triples; the checkboxes switch off the positional
    encoding, the 1/√d_k scaling and every residual connection. Each change re-runs the
    model on the text and on a fixed held-out set (the full model's score is computed once).
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
        self.heads = widgets.SelectMultiple(description="heads off", rows=8)
        self.positional = widgets.Checkbox(False, description="positional encoding off")
        self.scaling = widgets.Checkbox(False, description="1/√d_k scaling off")
        self.residual = widgets.Checkbox(False, description="residual connections off")
        self.output = widgets.HTML()
        super().__init__(
            [self.model, self.text, self.heads, self.output, self.positional, self.scaling,
             self.residual], lang=lang,
        )  # fmt: skip
        self.observe_controls(self.load, self.model)
        self.observe_controls(self.ablate, self.text, self.heads, self.positional, self.scaling,
                              self.residual)  # fmt: skip
        self.load()

    @reports_errors
    def load(self) -> None:
        """List the chosen model's heads, then run it."""
        model, _ = resolve(self.model.value)
        with self.quietly():
            self.heads.options = [
                (f"{p} L{layer} H{h}", (p, layer, h)) for p, layer, h in model_heads(model)
            ]
            self.heads.value = ()
        self.ablate()

    @reports_errors
    def ablate(self) -> None:
        """Run the ablated model on the text and on the held-out set; show both changes."""
        run = run_ablated(
            self.model.value, self.text.value, heads=self.heads.value,
            positional=self.positional.value, scaling=self.scaling.value,
            residual=self.residual.value,
        )  # fmt: skip
        self.output.value = (
            f"<b>full model:</b> {html.escape(run.full_text)}<br>"
            f"<b>with parts off:</b> {html.escape(run.ablated_text)}"
        )
        self.show(
            ablation_scores_figure(run.full_score, run.ablated_score, run.metric, run.examples)
        )
