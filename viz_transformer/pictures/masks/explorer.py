"""MaskExplorer: how padding, causal and cross masks turn scores into weights."""

from __future__ import annotations

import ipywidgets as widgets

from ...hooks.names import attention_hook
from ...runs import ModelChoice, resolve
from ...runs.masked import MaskRun, run_padded
from ..common.explorer import Explorer, reports_errors, runs_model
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, text_box
from .plotly import mask_pipeline_figure
from .view import mask_pipeline

# mask kind → (attention part, pad the source, pad the decoder's input)
KINDS = {
    "padding": ("encoder", True, False),
    "causal": ("decoder", False, False),
    "causal + padding": ("decoder", False, True),
    "cross": ("cross", True, False),
}


class MaskExplorer(Explorer):
    """Scores → mask → masked scores (−∞) → weights, for one head of an encoder-decoder.

    The text is the source; the decoder reads the model's own answer. ``padding`` adds that
    many <pad> tokens, as when the text shares a batch with a longer one. Kind, padding and
    text run the model (it is small); layer and head re-slice.
    """

    def __init__(
        self, model: ModelChoice = "reverse", text: str = "robot", *, lang: str | None = None
    ) -> None:
        self.model = model_dropdown(model, ("encoder-decoder",))
        self.text = text_box(text)
        self.kind = widgets.ToggleButtons(options=list(KINDS), value="padding", description="mask")
        self.padding = widgets.IntSlider(3, min=0, max=8, description="padding")
        self.layer = layer_slider()
        self.head = widgets.IntSlider(0, min=0, max=0, description="head")
        controls = [self.model, self.text, self.padding, self.kind, self.layer, self.head]
        super().__init__(controls, lang=lang)
        self.observe_controls(self.compute, self.model, self.text, self.kind, self.padding)
        self.observe_controls(self.draw, self.layer, self.head)
        self.run: MaskRun | None = None
        self.compute()

    @runs_model
    def compute(self) -> None:
        """Run the model on the padded inputs of the chosen mask kind, keeping its steps."""
        model, tokenizer = resolve(self.model.value)
        part, pad_source, pad_target = KINDS[self.kind.value]
        self.run = run_padded(
            model, tokenizer, self.text.value, self.padding.value, pad_source, pad_target,
            names=_steps_of(part),
        )  # fmt: skip
        with self.quietly():
            self.layer.max = self.run.cache.n_layers(part) - 1
            self.head.max = model.config.n_heads - 1
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the captured steps at layer and head and redraw the four panels, 2 × 2."""
        if self.run is None:
            return
        model, _ = resolve(self.model.value)
        part = KINDS[self.kind.value][0]
        queries = self.run.source_tokens if part == "encoder" else self.run.target_tokens
        keys = self.run.target_tokens if part == "decoder" else self.run.source_tokens
        view = mask_pipeline(
            self.run.cache, self.run.inputs, part, self.layer.value, self.head.value,
            pad_id=model.config.pad_id, query_tokens=queries, key_tokens=keys,
        )  # fmt: skip
        self.show(mask_pipeline_figure(view, rows=2))  # four in a row: 1280 px, cut off


def _steps_of(part: str):
    """A name filter for the part's scores, masked scores and weights in every layer."""
    return [attention_hook(part, "*", kind) for kind in ("scores", "masked_scores", "weights")]
