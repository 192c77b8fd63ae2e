"""The training loop: fresh random batches, Adam with warm-up, label smoothing, early stop."""

from __future__ import annotations

import random
import time

import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import LambdaLR
from tqdm.auto import tqdm

from ..model import Transformer
from ..tasks import Example, Recipe, Task
from .batches import IGNORE, Batch, make_batch
from .determinism import deterministic
from .evaluate import accuracy
from .initialization import init_embeddings
from .result import TrainingResult
from .schedule import warmup_then_decay
from .snapshots import SnapshotRecorder
from .word_dropout import drop_decoder_inputs

QUICK_EXAMPLES = 200  # the early-stop check; the final figure uses ``held_out`` examples


def train(
    task: Task,
    seconds: float = 120.0,
    steps: int | None = None,
    seed: int = 0,
    threads: int | None = None,
    held_out: int = 1000,
    progress: bool = True,
) -> TrainingResult:
    """Train a fresh model on ``task`` and measure it on ``held_out`` unseen examples.

    Every step draws a new batch from the training split. Training stops after ``steps``
    updates (default: the task's recipe), after ``seconds`` of wall time, or as soon as the
    held-out accuracy clears the task's bar with its margin, checked every ``eval_every``
    steps once the training batches look good enough. The same seed, thread count and
    number of steps give the same weights; the time budget only decides when to stop.
    """
    recipe = task.recipe
    max_steps = recipe.max_steps if steps is None else steps
    with deterministic(seed, threads):
        start = time.perf_counter()
        model = Transformer(task.config).train()
        init_embeddings(model)
        optimizer, schedule = _optimizer(model, recipe, max_steps)
        stream = task.stream(random.Random(seed))
        quick_set = task.examples(QUICK_EXAMPLES, seed + 1, "held-out")
        final_set = task.examples(held_out, seed + 2, "held-out")
        final_accuracy: float | None = None
        recorder = SnapshotRecorder(task)
        dropout_rng = torch.Generator().manual_seed(seed)  # its own stream: others' runs unchanged
        bar = tqdm(total=max_steps, desc=f"train {task.name}", disable=not progress)
        step = 0
        while True:
            batch = make_batch(task, [next(stream) for _ in range(recipe.batch_size)])
            batch = drop_decoder_inputs(batch, task, recipe.decoder_input_dropout, dropout_rng)
            loss, batch_accuracy = _loss_and_accuracy(model, batch, recipe.label_smoothing)
            if recorder.due(step):
                recorder.record(model, step, loss.item(), batch_accuracy)
            if step % 10 == 0:
                bar.set_postfix(loss=f"{loss.item():.3f}", acc=f"{batch_accuracy:.3f}")
            if step >= max_steps or time.perf_counter() - start > seconds:
                break
            if _worth_checking(step, batch_accuracy, recipe):
                final_accuracy = _passing_accuracy(model, task, quick_set, final_set)
                if final_accuracy is not None:
                    break
            _update(model, loss, optimizer, schedule)
            step += 1
            bar.update(1)
        bar.close()
        recorder.record(model, step, loss.item(), batch_accuracy)
        if final_accuracy is None:
            final_accuracy = accuracy(model, task, final_set)
        model.eval()
        return TrainingResult(
            task=task,
            model=model,
            snapshots=recorder.selected(),
            accuracy=final_accuracy,
            held_out_examples=held_out,
            steps=step,
            seconds=time.perf_counter() - start,
            seed=seed,
            budget_seconds=seconds,
            max_steps=max_steps,
            threads=threads,
        )


def _optimizer(
    model: Transformer, recipe: Recipe, max_steps: int
) -> tuple[torch.optim.Optimizer, LambdaLR]:
    """Adam with the paper's β₂ = 0.98 and ε = 1e-9, under the warm-up-then-decay schedule."""
    optimizer = torch.optim.Adam(
        model.parameters(), lr=recipe.peak_lr, betas=(0.9, 0.98), eps=1e-9,
        foreach=True,  # each step one update over all parameters (on CPU torch loops over them)
    )  # fmt: skip
    schedule = LambdaLR(optimizer, lambda s: warmup_then_decay(s, recipe.warmup_steps, max_steps))
    return optimizer, schedule


def _update(
    model: Transformer, loss: torch.Tensor, optimizer: torch.optim.Optimizer, schedule: LambdaLR
) -> None:
    """One optimizer step on ``loss``, gradients clipped to norm 1 against early spikes."""
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()


def _loss_and_accuracy(
    model: Transformer, batch: Batch, label_smoothing: float
) -> tuple[torch.Tensor, float]:
    """Cross-entropy with label smoothing over the scored positions, and argmax accuracy there."""
    logits = model(*batch.inputs)
    loss = F.cross_entropy(
        logits.flatten(0, 1),
        batch.labels.flatten(),
        ignore_index=IGNORE,
        label_smoothing=label_smoothing,
    )
    hits = (logits.argmax(dim=-1) == batch.labels) & batch.scored
    return loss, hits.sum().item() / batch.scored.sum().item()


def _worth_checking(step: int, batch_accuracy: float, recipe: Recipe) -> bool:
    """A held-out check is due every ``eval_every`` steps once training tokens are nearly all right."""
    return step > 0 and step % recipe.eval_every == 0 and batch_accuracy >= recipe.target


def _passing_accuracy(
    model: Transformer, task: Task, quick_set: list[Example], final_set: list[Example]
) -> float | None:
    """The accuracy on ``final_set`` if both sets clear the bar with margin, else None.

    The small set is tried first, so most checks cost a fraction of a full evaluation.
    """
    bar = task.recipe.target + task.recipe.margin
    if accuracy(model, task, quick_set) < bar:
        return None
    final = accuracy(model, task, final_set)
    return final if final >= bar else None
