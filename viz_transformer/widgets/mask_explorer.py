"""MaskExplorer: how padding, causal and cross masks turn scores into weights."""

from __future__ import annotations

import ipywidgets as widgets
import torch

from ..hooks.names import attention_hook
from ..renderers.plotly_masks import mask_pipeline_figure
from ..text_run import refuse_non_finite_weights
from ..views.masks import mask_pipeline
from .explorer import Explorer, reports_errors, runs_model
from .models import ModelChoice, model_dropdown, resolve

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

    def __init__(self, model: ModelChoice = "reverse", text: str = "robot") -> None:
        self.model = model_dropdown(model, ("encoder-decoder",))
        self.text = widgets.Text(value=text, description="text", continuous_update=False)
        self.kind = widgets.ToggleButtons(options=list(KINDS), value="padding", description="mask")
        self.padding = widgets.IntSlider(3, min=0, max=8, description="padding")
        self.layer = widgets.IntSlider(0, min=0, max=0, description="layer")
        self.head = widgets.IntSlider(0, min=0, max=0, description="head")
        super().__init__([self.model, self.text, self.padding, self.kind, self.layer, self.head])
        self.observe_controls(self.compute, self.model, self.text, self.kind, self.padding)
        self.observe_controls(self.draw, self.layer, self.head)
        self.cache = None
        self.compute()

    @runs_model
    def compute(self) -> None:
        """Build the padded inputs for the chosen mask kind and capture one layer's steps."""
        model, tokenizer = resolve(self.model.value)
        refuse_non_finite_weights(model)  # a NaN picture is an empty picture
        part, pad_source, pad_target = KINDS[self.kind.value]
        source = tokenizer.encode(self.text.value, add_eos=True)
        room = max(1, model.config.max_len - 1 - self.padding.value)  # leave room for padding
        answer = model.generate(torch.tensor([source]), max_new_tokens=room).ids[0, :-1].tolist()
        pads = [tokenizer.pad_id] * self.padding.value
        src = torch.tensor([source + pads * pad_source])
        tgt = torch.tensor([answer + pads * pad_target])
        self.inputs = (src, tgt)
        self.tokens = {"encoder": tokenizer.pieces(src[0]), "decoder": tokenizer.pieces(tgt[0])}
        self.cache = model.run_with_cache(src, tgt, names=_steps_of(part))
        with self.quietly():
            self.layer.max = self.cache.n_layers(part) - 1
            self.head.max = model.config.n_heads - 1
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the captured steps at layer and head and redraw the four panels, 2 × 2."""
        if self.cache is None:
            return
        model, _ = resolve(self.model.value)
        part = KINDS[self.kind.value][0]
        queries = self.tokens["encoder" if part == "encoder" else "decoder"]
        keys = self.tokens["decoder" if part == "decoder" else "encoder"]
        view = mask_pipeline(
            self.cache, self.inputs, part, self.layer.value, self.head.value,
            pad_id=model.config.pad_id, query_tokens=queries, key_tokens=keys,
        )  # fmt: skip
        self.show(mask_pipeline_figure(view, rows=2))  # four in a row: 1280 px, cut off


def _steps_of(part: str):
    """A name filter for the part's scores, masked scores and weights in every layer."""
    return [attention_hook(part, "*", kind) for kind in ("scores", "masked_scores", "weights")]
