"""Training as data: the probe's attention at one snapshot, and the loss and accuracy curves
of the whole run, so a picture can show a pattern forming while the model learns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...checkpoints import Checkpoint
from ...errors import VizTransformerError
from ..common.selection import HeadChoice, as_numpy, check_index, select_heads


@dataclass(frozen=True)
class TrainingFrame:
    """One snapshot's attention [query, key] (one head, the mean over listed heads, or the mean
    or max over every head) with the training curves (``steps``, ``losses``, ``accuracies``) and which point is shown."""

    weights: np.ndarray
    query_tokens: list[str]
    key_tokens: list[str]
    steps: np.ndarray
    losses: np.ndarray
    accuracies: np.ndarray
    index: int
    title: str


def training_frame(
    checkpoint: Checkpoint, index: int, part: str, layer: int, head: HeadChoice = "mean"
) -> TrainingFrame:
    """Snapshot ``index`` of ``checkpoint``: the probe's ``part`` attention at ``layer``, as
    ``head`` chooses: an index, a list of indices (their mean), "mean" (the default) or "max".
    Negative ``index``, ``layer`` and head indices count from the end; the title names the
    non-negative numbers.

    >>> vt.views.training_frame(vt.load_pretrained_checkpoint("induction"), 0, "decoder", layer=1)
    """
    snapshots = checkpoint.snapshots
    if not snapshots:
        raise VizTransformerError(
            f"the {checkpoint.task!r} checkpoint holds no training snapshots; train it with "
            f"`python -m viz_transformer train {checkpoint.task}` to record them."
        )
    index = check_index("snapshot", index, len(snapshots), "this checkpoint")
    attention = snapshots[index].attention
    if part not in attention:
        raise VizTransformerError(f"part must be one of {sorted(attention)}, got {part!r}.")
    stacked = attention[part]  # [layer, head, query, key]
    layer = check_index("layer", layer, stacked.shape[0], f"the {part} attention")
    weights, which = select_heads(as_numpy(stacked[layer]), head)
    queries, keys = _probe_axes(checkpoint, part)
    step = snapshots[index].step
    return TrainingFrame(
        weights=weights,
        query_tokens=queries,
        key_tokens=keys,
        steps=np.array([s.step for s in snapshots]),
        losses=np.array([s.loss for s in snapshots]),
        accuracies=np.array([s.accuracy for s in snapshots]),
        index=index,
        title=f"{checkpoint.task}: {part} attention, layer {layer}, {which}, training step {step}",
    )


def _probe_axes(checkpoint: Checkpoint, part: str) -> tuple[list[str], list[str]]:
    """(query, key) labels of a part: cross-attention reads decoder queries, encoder keys."""
    tokens = checkpoint.info["probe"]["tokens"]
    query_stack = "encoder" if part == "encoder" else "decoder"
    key_stack = "decoder" if part == "decoder" else "encoder"
    if set(tokens) == {"encoder"} or set(tokens) == {"decoder"}:  # one stack reads the probe
        (only,) = tokens.values()
        return only, only
    return tokens[query_stack], tokens[key_stack]
