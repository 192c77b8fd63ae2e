"""GenerationStepper: greedy (or sampled) decoding, one step at a time."""

from __future__ import annotations

import ipywidgets as widgets
import torch

from ..model.generation import GenerationResult
from ..renderers.plotly_generation import generation_step_figure
from ..views.generation import generation_step
from .explorer import Explorer, reports_errors
from .head_choice import head_dropdown, head_options, view_head
from .models import ModelChoice, model_dropdown, resolve


class GenerationStepper(Explorer):
    """Step through decoding: the decoder's input grows by one token per step until <eos>.

    Changing the text, model, temperature, top-k or seed decodes again (the model runs);
    moving the step, layer or head only re-slices the kept caches.
    """

    def __init__(self, model: ModelChoice = "reverse", text: str = "attention2017") -> None:
        self.model = model_dropdown(model, ("encoder-decoder", "decoder-only"))
        self.text = widgets.Text(value=text, description="text", continuous_update=False)
        self.temperature = widgets.FloatSlider(
            0.0, min=0.0, max=2.0, step=0.1, description="temperature"
        )
        self.top_k = widgets.IntSlider(5, min=1, max=20, description="top-k")
        self.seed = widgets.IntText(0, description="seed")
        self.step = widgets.IntSlider(0, min=0, max=0, description="step")
        self.play = widgets.Play(interval=700, min=0, max=0, description="play")
        widgets.jslink((self.play, "value"), (self.step, "value"))
        self.previous = widgets.Button(description="◀ previous")
        self.next = widgets.Button(description="next ▶")
        self.layer = widgets.IntSlider(0, min=0, max=0, description="layer")
        self.head = head_dropdown()
        self.output = widgets.HTML()
        super().__init__(
            [self.model, self.text, self.temperature, self.top_k, self.seed,
             (self.previous, self.play, self.next), self.step, self.layer, self.head, self.output],
        )  # fmt: skip
        self.previous.on_click(lambda _: self._move(-1))
        self.next.on_click(lambda _: self._move(+1))
        self.observe_controls(
            self.decode, self.model, self.text, self.temperature, self.top_k, self.seed
        )
        self.observe_controls(self.draw, self.step, self.layer, self.head)
        self.result: GenerationResult | None = None
        self.decode()

    @reports_errors
    def decode(self) -> None:
        """Run the model: generate with caches for the current text and sampling settings."""
        model, tokenizer = resolve(self.model.value)
        shape = model.config.shape
        ids = tokenizer.encode(self.text.value, add_eos=shape == "encoder-decoder",
                               add_bos=shape == "decoder-only")  # fmt: skip
        self.source = torch.tensor([ids])
        generator = torch.Generator().manual_seed(self.seed.value)
        self.result = model.generate(
            self.source, return_caches=True, names="*.hook_weights",
            temperature=self.temperature.value, top_k=self.top_k.value, generator=generator,
        )  # fmt: skip
        self._set_ranges(model)
        self.output.value = f"<b>output:</b> {tokenizer.decode(self.result.ids[0])}"
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the kept caches at the current step, layer and head, and redraw."""
        if self.result is None:
            return
        model, tokenizer = resolve(self.model.value)
        source = self.source if model.config.shape == "encoder-decoder" else None
        data = generation_step(
            self.result, tokenizer, self.step.value, self.layer.value, view_head(self.head.value),
            k=self.top_k.value, temperature=self.temperature.value or 1.0, source_ids=source,
        )  # fmt: skip
        self.show(generation_step_figure(data))

    def _move(self, delta: int) -> None:
        self.step.value = min(max(self.step.value + delta, 0), self.step.max)

    def _set_ranges(self, model) -> None:
        """Fit the step, layer and head controls to the new decoding without redrawing twice."""
        with self.quietly():
            last = len(self.result.caches) - 1
            self.step.max = self.play.max = last
            self.step.value = min(self.step.value, last)
            self.layer.max = model.config.n_decoder_layers - 1
            heads = head_options(model.config.n_heads)
            if list(self.head.options) != heads:
                self.head.options = heads
