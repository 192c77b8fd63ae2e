"""Word dropout on the decoder's input: some of the tokens it is fed become <unk> in training.

A decoder that has written 协调电力公司恢复 knows 供电 comes next without looking at the
source; trained on clean inputs, its cross-attention may then rest anywhere while it finishes
a phrase, and the picture shows noise where a reader expects an alignment. Replacing a share
of the fed tokens by <unk> (word dropout, Bowman et al. 2016, "Generating Sentences from a
Continuous Space") makes the prefix unreliable, so the decoder keeps checking the source the
whole phrase long. Labels are unchanged; generation feeds the model's real tokens.
"""

from __future__ import annotations

import torch

from ..tasks import Task
from .batches import Batch


def drop_decoder_inputs(batch: Batch, task: Task, rate: float, generator: torch.Generator) -> Batch:
    """``batch`` with each decoder input token after <bos> (not <pad>) replaced by <unk> with
    probability ``rate``; encoder-decoder batches only (others are returned unchanged)."""
    if rate <= 0 or task.shape != "encoder-decoder":
        return batch
    source, target = batch.inputs
    tok = task.tokenizer
    drop = (torch.rand(target.shape, generator=generator) < rate) & (target != tok.pad_id)
    drop[:, 0] = False  # <bos> stays: it marks where writing starts
    return Batch((source, target.masked_fill(drop, tok.unk_id)), batch.labels)
