"""GenerationStepper: greedy (or sampled) decoding, one step at a time."""

from __future__ import annotations

import html

import ipywidgets as widgets

from ...runs import ModelChoice, resolve
from ...runs.stepwise import StepwiseRun, run_stepwise
from ..common.explorer import Explorer, reports_errors
from ..common.head_choice import MEAN, head_dropdown, head_options, view_head
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, refit, text_box
from .plotly import generation_step_figure
from .view import generation_step


class GenerationStepper(Explorer):
    """Step through decoding: the decoder's input grows by one token per step until <eos>.

    Changing the text, model, temperature, top-k or seed decodes again (the model runs);
    moving the step, layer or head only re-slices the kept caches.
    """

    def __init__(
        self,
        model: ModelChoice = "reverse",
        text: str = "attention2017",
        *,
        lang: str | None = None,
    ) -> None:
        self.model = model_dropdown(model, ("encoder-decoder", "decoder-only"))
        self.text = text_box(text)
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
        self.layer = layer_slider()
        self.head = head_dropdown()
        self.output = widgets.HTML()
        super().__init__(
            [self.model, self.text, self.temperature, self.top_k, self.seed,
             (self.previous, self.play, self.next), self.step, self.layer, self.head, self.output],
            lang=lang,
        )  # fmt: skip
        self.previous.on_click(lambda _: self._move(-1))
        self.next.on_click(lambda _: self._move(+1))
        self.observe_controls(
            self.decode, self.model, self.text, self.temperature, self.top_k, self.seed
        )
        self.observe_controls(self.draw, self.step, self.layer, self.head)
        self.run: StepwiseRun | None = None
        self.decode()

    @reports_errors
    def decode(self) -> None:
        """Run the model: generate with caches for the current text and sampling settings."""
        model, tokenizer = resolve(self.model.value)
        self.run = run_stepwise(
            model, tokenizer, self.text.value, self.temperature.value, self.top_k.value,
            self.seed.value,
        )  # fmt: skip
        self._set_ranges(model)
        self.output.value = f"<b>output:</b> {html.escape(self.run.output_text)}"
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the kept caches at the current step, layer and head, and redraw."""
        if self.run is None:
            return
        model, tokenizer = resolve(self.model.value)
        source = self.run.source if model.config.shape == "encoder-decoder" else None
        data = generation_step(
            self.run.result, tokenizer, self.step.value, self.layer.value, view_head(self.head.value),
            k=self.top_k.value, temperature=self.temperature.value or 1.0, source_ids=source,
        )  # fmt: skip
        self.show(generation_step_figure(data))

    def _move(self, delta: int) -> None:
        self.step.value = min(max(self.step.value + delta, 0), self.step.max)

    def _set_ranges(self, model) -> None:
        """Fit the step, layer and head controls to the new decoding without redrawing twice."""
        with self.quietly():
            last = len(self.run.result.caches) - 1
            self.step.max = self.play.max = last
            self.step.value = min(self.step.value, last)
            self.layer.max = model.config.n_decoder_layers - 1
            refit(self.head, head_options(model.config.n_heads), MEAN)
