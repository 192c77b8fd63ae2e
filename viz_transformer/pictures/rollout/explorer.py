"""RolloutExplorer: attention rollout through the layers of a model's self-attention."""

from __future__ import annotations

from ...runs import ModelChoice
from ...runs.models import reads_text, run_model
from ...runs.text_run import TextRun
from ..common.explorer import Explorer, reports_errors, runs_model
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, part_dropdown, refit, text_box
from .plotly import attention_rollout_figure
from .view import SELF_PARTS, AttentionRollout, attention_rollout


class RolloutExplorer(Explorer):
    """Pick a model, a text and a self-attention (encoder or decoder), then slide the layer:
    left, rollout through layers 0 … l; right, layer l's own attention averaged over heads.

    Under the picture, what rollout is: how much of each input token can reach each position
    if attention were the only mixing, the residual weighed as much as attention (0.5·I),
    linear and averaged over heads. What it is not: an explanation of the output (it ignores
    values, feed-forward layers, LayerNorm and the sign of contributions; 0.5 is a convention).
    The model runs once per model or text; the part and the layer only re-slice its cache.
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
        super().__init__([self.model, self.text, self.part, self.layer], lang=lang)
        self.run: TextRun | None = None
        self.view: AttentionRollout | None = None
        self.observe_controls(self.compute, self.model, self.text)
        self.observe_controls(self.draw, self.part, self.layer)
        self.compute()

    @runs_model
    def compute(self) -> None:
        """Run the model on the text, capturing every layer's weights, then fit the controls."""
        self.text.disabled = not reads_text(self.model.value)
        self.run = run_model(self.model.value, self.text.value, names="*.self_attn.hook_weights")
        parts = [p for p in self.run.cache.attention_parts if p in SELF_PARTS]
        with self.quietly():
            refit(self.part, parts, parts[0])
            if self.view is None:  # first picture: rollout through every layer
                self.layer.max = self.layer.value = self.run.cache.n_layers(self.part.value) - 1
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Roll the cached attention out up to the chosen layer, and redraw."""
        if self.run is None:
            return
        with self.quietly():  # a lower max pulls the value down with it
            self.layer.max = self.run.cache.n_layers(self.part.value) - 1
        queries, keys = self.run.tokens(self.part.value)
        self.view = attention_rollout(self.run.cache, self.part.value, self.layer.value,
                                      queries, keys)  # fmt: skip
        self.show(attention_rollout_figure(self.view))
