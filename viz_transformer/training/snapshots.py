"""Attention snapshots of a task's probe input, kept evenly spaced over a run of unknown length."""

from __future__ import annotations

import torch

from ..checkpoints import Snapshot
from ..model import Transformer
from ..tasks import Task
from .batches import make_batch


def probe_attention(model: Transformer, task: Task) -> dict[str, torch.Tensor]:
    """The probe's attention weights, part → [layer, head, query, key] (teacher forced)."""
    was_training = model.training
    model.eval()
    try:
        cache = model.run_with_cache(*make_batch(task, [task.probe]).inputs, names="*.hook_weights")
    finally:
        model.train(was_training)
    return {part: cache.stack_attention(part).clone() for part in cache.attention_parts}


def probe_tokens(task: Task) -> dict[str, list[str]]:
    """The pieces along the snapshots' axes: the probe as each stack reads it."""
    inputs = make_batch(task, [task.probe]).inputs
    stacks = {
        "encoder-decoder": ("encoder", "decoder"),
        "decoder-only": ("decoder",),
        "encoder-only": ("encoder",),
    }[task.shape]
    return {
        stack: task.tokenizer.pieces(ids[0].tolist())
        for stack, ids in zip(stacks, inputs, strict=True)
    }


class SnapshotRecorder:
    """Takes a snapshot every ``interval`` steps; when ``2 n`` are held it drops every other
    one and doubles the interval, so however long training runs, n to 2n snapshots spread
    evenly from the first step to the latest, with bounded memory."""

    def __init__(self, task: Task, n: int = 20) -> None:
        self.task = task
        self.n = n
        self.interval = 1
        self.snapshots: list[Snapshot] = []

    def due(self, step: int) -> bool:
        return step % self.interval == 0

    def record(self, model: Transformer, step: int, loss: float, accuracy: float) -> None:
        """Keep the probe's attention now, with this step's training loss and accuracy.

        Recording the same step twice keeps the first; the last step of a run may fall
        between the regular ones.
        """
        if self.snapshots and self.snapshots[-1].step == step:
            return
        if len(self.snapshots) >= 2 * self.n:
            self.snapshots = self.snapshots[::2]
            self.interval *= 2
        attention = probe_attention(model, self.task)
        self.snapshots.append(Snapshot(step, loss, accuracy, attention))

    def selected(self) -> list[Snapshot]:
        """``n`` snapshots evenly spread from the first to the last recorded (fewer if fewer)."""
        held = self.snapshots
        if len(held) <= self.n:
            return list(held)
        picks = torch.linspace(0, len(held) - 1, self.n).round().long().tolist()
        return [held[i] for i in picks]
