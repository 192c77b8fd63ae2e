"""What a checkpoint holds: a model, its tokenizer, its task, facts about its training, and
snapshots of a probe input's attention taken while it learned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from torch import Tensor

from ..model import Transformer
from ..tokenizers import Tokenizer


@dataclass(frozen=True)
class Snapshot:
    """The probe's attention at one training step, with the training loss and accuracy there.

    ``attention`` maps each attention part ("encoder", "decoder", "cross") to its weights
    [layer, head, query, key]; a widget can scrub through a list of these to show a
    pattern forming. ``accuracy`` is the per-token accuracy on that step's training batch.
    """

    step: int
    loss: float
    accuracy: float
    attention: dict[str, Tensor]


@dataclass
class Checkpoint:
    """A trained model and what is known about it.

    ``info`` holds JSON-ready facts, by convention:
    ``accuracy`` {metric, value, examples} measured on held-out examples;
    ``training`` {seconds, steps, seed, threads, command, torch};
    ``probe`` {source, target, tokens: {"encoder"|"decoder": [piece, …]}}, the labels of the
    snapshots' query and key axes (cross-attention: decoder queries, encoder keys).
    """

    model: Transformer
    tokenizer: Tokenizer
    task: str
    snapshots: list[Snapshot] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
