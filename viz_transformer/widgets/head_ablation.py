"""HeadAblation: switch heads, the positional encoding, the scaling or the residuals off and
watch the model's output and its held-out accuracy change."""

from __future__ import annotations

import functools
import html

import ipywidgets as widgets
import plotly.graph_objects as go

from ..hooks.names import parse_hook
from ..interventions import ablated
from ..model import Transformer
from ..style import plotly_layout
from ..style.theme import get_theme
from ..tasks import Example, Task, get_task
from ..text_run import run_text
from ..training import METRICS, accuracy
from .explorer import Explorer, reports_errors
from .models import ModelChoice, model_dropdown, resolve, shipped_checkpoint

HELD_OUT_EXAMPLES = 200


class HeadAblation(Explorer):
    """Knock parts out of a trained model: which heads does the task depend on?

    ``heads`` holds (part, layer, head) triples; the checkboxes switch off the positional
    encoding, the 1/√d_k scaling and every residual connection. Each change re-runs the
    model on the text and on a fixed held-out set (the full model's score is computed once).
    """

    def __init__(self, model: ModelChoice = "reverse", text: str = "attention2017") -> None:
        self.model = model_dropdown(model)
        self.text = widgets.Text(value=text, description="text", continuous_update=False)
        self.heads = widgets.SelectMultiple(description="heads off", rows=8)
        self.positional = widgets.Checkbox(False, description="positional encoding off")
        self.scaling = widgets.Checkbox(False, description="1/√d_k scaling off")
        self.residual = widgets.Checkbox(False, description="residual connections off")
        self.output = widgets.HTML()
        super().__init__(
            [self.model, self.text, self.heads, self.output, self.positional, self.scaling,
             self.residual],
        )  # fmt: skip
        self.observe_controls(self.load, self.model)
        self.observe_controls(self.run, self.text, self.heads, self.positional, self.scaling,
                              self.residual)  # fmt: skip
        self.load()

    @reports_errors
    def load(self) -> None:
        """List the chosen model's heads, then run it."""
        model, _ = resolve(self.model.value)
        with self.quietly():
            self.heads.options = [
                (f"{p} L{layer} H{h}", (p, layer, h)) for p, layer, h in _heads(model)
            ]
            self.heads.value = ()
        self.run()

    @reports_errors
    def run(self) -> None:
        """Run the ablated model on the text and on the held-out set; show both changes."""
        model, tokenizer = resolve(self.model.value)
        switches = {"heads": self.heads.value, "positional": self.positional.value,
                    "scaling": self.scaling.value, "residual": self.residual.value}  # fmt: skip
        full_text = run_text(model, tokenizer, self.text.value, names=[]).output_text
        with ablated(model, **switches):
            ablated_text = run_text(model, tokenizer, self.text.value, names=[]).output_text
            ablated_score = _held_out_score(self.model.value, model)
        full_score = _full_score(self.model.value) if isinstance(self.model.value, str) else None
        self.output.value = (
            f"<b>full model:</b> {html.escape(full_text)}<br>"
            f"<b>with parts off:</b> {html.escape(ablated_text)}"
        )
        self.show(_score_figure(full_score, ablated_score, self.model.value))


def _heads(model: Transformer) -> list[tuple[str, int, int]]:
    """Every (part, layer, head) of a model, in the order its hook names list them."""
    found = []
    for hook in map(parse_hook, model.hook_names):
        if hook.part is not None and hook.kind == "z":
            found += [(hook.part, hook.layer, h) for h in range(model.config.n_heads)]
    return found


def _task_of(choice: ModelChoice) -> Task | None:
    return get_task(shipped_checkpoint(choice).task) if isinstance(choice, str) else None


@functools.cache
def _held_out(task_name: str) -> list[Example]:
    return get_task(task_name).examples(HELD_OUT_EXAMPLES, seed=2017, split="held-out")


def _held_out_score(choice: ModelChoice, model: Transformer) -> float | None:
    task = _task_of(choice)
    return None if task is None else accuracy(model, task, _held_out(task.name))


@functools.cache
def _full_score(name: str) -> float | None:
    """The intact shipped model's held-out score, computed once per kernel."""
    return _held_out_score(name, shipped_checkpoint(name).model)


def _score_figure(
    full: float | None, ablated_score: float | None, choice: ModelChoice
) -> go.Figure:
    """Two bars: held-out score of the full model and of the model with parts off."""
    task = _task_of(choice)
    metric = METRICS[task.shape] if task else "no task: held-out score unavailable"
    theme = get_theme("light")
    figure = go.Figure(
        go.Bar(
            x=["full model", "with parts off"],
            y=[full or 0.0, ablated_score or 0.0],
            marker_color=[theme.head_color(4), theme.head_color(5)],
            text=[f"{v:.1%}" if v is not None else "n/a" for v in (full, ablated_score)],
            textposition="outside",
        )
    )
    figure.update_layout(**plotly_layout(theme), width=520, height=380,
                         title={"text": f"held-out {metric} ({HELD_OUT_EXAMPLES} examples)"})  # fmt: skip
    figure.update_yaxes(range=[0, 1.1], tickformat=".0%")
    return figure
