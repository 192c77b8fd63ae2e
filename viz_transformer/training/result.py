"""What a training run produced, and how it becomes a checkpoint."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ..checkpoints import Checkpoint, Snapshot
from ..model import Transformer
from ..tasks import Task
from .evaluate import METRICS
from .snapshots import probe_tokens


@dataclass
class TrainingResult:
    """A trained model with its held-out accuracy, its snapshots and how it was made."""

    task: Task
    model: Transformer
    snapshots: list[Snapshot]
    accuracy: float
    held_out_examples: int
    steps: int
    seconds: float
    seed: int
    budget_seconds: float
    max_steps: int
    threads: int | None

    @property
    def passed(self) -> bool:
        """True when the held-out accuracy reaches the task's bar."""
        return self.accuracy >= self.task.recipe.target

    @property
    def command(self) -> str:
        """The command line that repeats this run."""
        threads = f" --threads {self.threads}" if self.threads is not None else ""
        return (
            f"python -m viz_transformer train {self.task.name} --seed {self.seed} "
            f"--seconds {self.budget_seconds:g} --steps {self.max_steps}{threads}"
        )

    def checkpoint(self) -> Checkpoint:
        """The run as a checkpoint, its facts filled in (see ``Checkpoint.info``)."""
        task = self.task
        info = {
            "summary": task.summary,
            "accuracy": {
                "metric": METRICS[task.shape],
                "value": self.accuracy,
                "examples": self.held_out_examples,
                "bar": task.recipe.target,
            },
            "training": {
                "seconds": round(self.seconds, 1),
                "steps": self.steps,
                "seed": self.seed,
                "threads": self.threads,
                "command": self.command,
                "torch": torch.__version__,
            },
            "probe": {
                "source": task.probe.source,
                "target": task.probe.target,
                "tokens": probe_tokens(task),
            },
        }
        return Checkpoint(self.model, task.tokenizer, task.name, self.snapshots, info)
