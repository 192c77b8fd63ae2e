"""How to train a task: the few hyperparameters that differ between tasks, and its bar."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipe:
    """Training settings of one task.

    The learning rate rises linearly for ``warmup_steps`` to ``peak_lr``, then falls
    linearly to zero at ``max_steps``. Training stops when a held-out evaluation reaches
    ``target`` with ``margin`` to spare, or at ``max_steps``, or when the time budget runs out.
    ``decoder_input_dropout`` replaces that share of an encoder-decoder's fed target tokens by
    <unk> in training (see ``training.word_dropout``); 0 leaves batches as drawn.
    """

    batch_size: int = 128
    peak_lr: float = 1e-2
    warmup_steps: int = 200
    max_steps: int = 1000
    label_smoothing: float = 0.1
    eval_every: int = 100
    target: float = 0.99
    margin: float = 0.008
    decoder_input_dropout: float = 0.0
