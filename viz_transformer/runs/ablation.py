"""A model run with parts switched off (heads, the positional encoding, the 1/√d_k scaling,
the residuals) beside the intact model: its answer to a text, and its score on held-out
examples of its task, so a picture can show what the parts were doing."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..hooks.names import parse_hook
from ..interventions import ablated
from ..model import Transformer
from ..tasks import Example, Task, get_task
from ..training import METRICS, accuracy
from .models import ModelChoice, resolve, shipped_checkpoint
from .text_run import run_text

HELD_OUT_EXAMPLES = 200

Head = tuple[str, int, int]  # (attention part, layer, head)


@dataclass(frozen=True)
class AblationRun:
    """The intact and the ablated model's answers and held-out scores (None without a task:
    a user's own model has no held-out set), and the name of the score."""

    full_text: str
    ablated_text: str
    full_score: float | None
    ablated_score: float | None
    metric: str
    examples: int = HELD_OUT_EXAMPLES


def model_heads(model: Transformer) -> list[Head]:
    """Every (part, layer, head) of a model, in the order its hook names list them."""
    found = []
    for hook in map(parse_hook, model.hook_names):
        if hook.part is not None and hook.kind == "z":
            found += [(hook.part, hook.layer, h) for h in range(model.config.n_heads)]
    return found


def run_ablated(
    choice: ModelChoice,
    text: str,
    heads: tuple[Head, ...] = (),
    positional: bool = False,
    scaling: bool = False,
    residual: bool = False,
) -> AblationRun:
    """Run the model on ``text`` intact and with the chosen parts off, and score both."""
    model, tokenizer = resolve(choice)
    full_text = run_text(model, tokenizer, text, names=[]).output_text
    with ablated(model, heads=heads, positional=positional, scaling=scaling, residual=residual):
        ablated_text = run_text(model, tokenizer, text, names=[]).output_text
        ablated_score = _held_out_score(choice, model)
    full_score = _full_score(choice) if isinstance(choice, str) else None
    task = _task_of(choice)
    metric = METRICS[task.shape] if task else "no task: held-out score unavailable"
    return AblationRun(full_text, ablated_text, full_score, ablated_score, metric)


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
