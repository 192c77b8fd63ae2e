"""Examples → padded id tensors and labels, in the layout each model shape is trained with.

- encoder-decoder: source ``s <eos>``; decoder input ``<bos> t``; labels ``t <eos>``
- decoder-only: ``<bos> s t``; the label at each position is the next id, scored on ``t`` only
- encoder-only: ``<bos> s``; the label of each character of ``s`` is the character of ``t``
Positions that are not scored carry ``IGNORE`` (the index ``cross_entropy`` skips).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from ..tasks import Example, Task

IGNORE = -100


@dataclass
class Batch:
    """What the model is called with (``model(*inputs)``) and the labels of its outputs."""

    inputs: tuple[Tensor, ...]
    labels: Tensor

    @property
    def scored(self) -> Tensor:
        """[batch, seq] True where a label is scored."""
        return self.labels != IGNORE


def pad(rows: Sequence[Sequence[int]], value: int) -> Tensor:
    """Rows of ids of different lengths → one LongTensor [rows, longest], right-padded."""
    longest = max(map(len, rows))
    return torch.tensor([[*row, *[value] * (longest - len(row))] for row in rows], dtype=torch.long)


def encode_sources(task: Task, examples: Sequence[Example]) -> Tensor:
    """The encoder's input ``s <eos>`` of a batch of seq2seq examples, padded."""
    tok = task.tokenizer
    return pad([tok.encode(e.source, add_eos=True) for e in examples], tok.pad_id)


def make_batch(task: Task, examples: Sequence[Example]) -> Batch:
    """Encode ``examples`` for ``task``'s model shape (see the module docstring)."""
    tok = task.tokenizer
    if task.shape == "encoder-decoder":
        targets = [tok.encode(e.target) for e in examples]
        tgt_in = pad([[tok.bos_id, *t] for t in targets], tok.pad_id)
        labels = pad([[*t, tok.eos_id] for t in targets], IGNORE)
        return Batch((encode_sources(task, examples), tgt_in), labels)
    if task.shape == "decoder-only":
        rows, label_rows = [], []
        for e in examples:
            source, target = tok.encode(e.source), tok.encode(e.target)
            rows.append([tok.bos_id, *source, *target])
            unscored = len(source) + task.unscored_prefix  # predictions made before the scored part
            label_rows.append([IGNORE] * unscored + target[task.unscored_prefix :] + [IGNORE])
        return Batch((pad(rows, tok.pad_id),), pad(label_rows, IGNORE))
    rows = [[tok.bos_id, *tok.encode(e.source)] for e in examples]
    label_rows = [[IGNORE, *tok.encode(e.target)] for e in examples]
    return Batch((pad(rows, tok.pad_id),), pad(label_rows, IGNORE))
