"""Held-out accuracy, measured the way each task is judged.

- encoder-decoder: exact match of batched greedy generation (the model writes the whole
  target itself, stopping at <eos>), so one wrong character fails the example.
- decoder-only (induction): per-token accuracy of the next-token argmax on the scored part
  of the repeat.
- encoder-only: exact match of the per-position argmax (every label of a string right).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from ..model import Transformer
from ..tasks import Example, Task
from .batches import Batch, encode_sources, make_batch

METRICS = {
    "encoder-decoder": "exact match, greedy generation",
    "decoder-only": "per-token accuracy on the repeat",
    "encoder-only": "exact match, every position",
}


def token_hits(model: Transformer, batch: Batch) -> torch.Tensor:
    """[batch, seq] True where the argmax prediction equals a scored label (teacher forcing)."""
    with torch.no_grad():
        predicted = model(*batch.inputs).argmax(dim=-1)
    return (predicted == batch.labels) & batch.scored


def generated_exact_match(model: Transformer, task: Task, examples: Sequence[Example]) -> int:
    """How many ``examples`` greedy generation writes exactly: <bos>, the target, <eos>.

    Ids are compared, not decoded text, so a stray <unk> or a missing <eos> is a miss.
    """
    tok = task.tokenizer
    expected = [[tok.bos_id, *tok.encode(e.target), tok.eos_id] for e in examples]
    longest = max(map(len, expected))
    result = model.generate(encode_sources(task, examples), max_new_tokens=longest - 1)
    rows = result.ids.tolist()
    return sum(row[: len(want)] == want for row, want in zip(rows, expected, strict=True))


def accuracy(
    model: Transformer, task: Task, examples: Sequence[Example], batch_size: int = 500
) -> float:
    """The task's metric (``METRICS[task.shape]``) on ``examples``, in eval mode, in batches."""
    was_training = model.training
    model.eval()
    try:
        hits = total = 0
        for start in range(0, len(examples), batch_size):
            chunk_hits, chunk_total = _count_hits(model, task, examples[start : start + batch_size])
            hits, total = hits + chunk_hits, total + chunk_total
        return hits / total
    finally:
        model.train(was_training)


def _count_hits(model: Transformer, task: Task, examples: Sequence[Example]) -> tuple[int, int]:
    """(right, scored) in the unit of the task's metric: examples, or tokens for decoder-only."""
    if task.shape == "encoder-decoder":
        return generated_exact_match(model, task, examples), len(examples)
    batch = make_batch(task, examples)
    hits = token_hits(model, batch)
    if task.shape == "decoder-only":
        return int(hits.sum()), int(batch.scored.sum())
    return int((hits == batch.scored).all(dim=1).sum()), len(examples)
