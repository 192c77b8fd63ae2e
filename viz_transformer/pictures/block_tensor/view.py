"""The tensor one block of the architecture map captured, as the numbers a picture shows.

A per-head tensor shows one head (or heads combined: ``head`` takes the vocabulary of every
view, an index, a list of indices for their mean, "mean" or "max"): an attention matrix
[query, key] (weights, or scores before and after the mask), or q, k, v, z as [position, d_head]. A [batch, position, feature]
tensor shows one batch item as [position, feature]; a per-token statistic (a LayerNorm's mean
or variance) a line over the tokens; the positional encoding its [position, d_model] table.
The values are the cache's own, unscaled, so a test can compare them to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ...errors import VizTransformerError
from ...hooks.cache import ActivationCache
from ...hooks.names import parse_hook
from ..architecture.view import Block
from ..common.attention_source import head_positions
from ..common.selection import (
    HeadChoice,
    as_numpy,
    check_head,
    check_index,
    combine_heads,
    head_label,
    token_labels,
)

# part → (query labels, key labels), e.g. ``TextRun.tokens``
TokenLabels = Callable[[str], tuple[Sequence[str], Sequence[str]]]
MATRICES = ("hook_scores", "hook_masked_scores", "hook_weights")  # [batch, head, query, key]
KEY_SIDE = ("hook_k", "hook_v")  # per-head tensors whose positions are the keys


@dataclass(frozen=True)
class BlockTensor:
    """``values``: 2-D [rows, columns] (a heatmap) or 1-D [tokens] (a line).

    ``kind`` is the colour scale ("weights": 0–1; "scores": signed, centred at 0);
    ``value_label`` names one value ("weight", "score", "value", "logit"...).
    """

    hook: str
    shape: tuple[int, ...]
    values: np.ndarray
    row_labels: list[str]
    column_labels: list[str]
    kind: str
    value_label: str
    xlabel: str
    ylabel: str
    title: str

    @property
    def is_line(self) -> bool:
        return self.values.ndim == 1


def block_tensor(
    cache: ActivationCache,
    block: Block,
    hook: str | None = None,
    *,
    tokens: TokenLabels | None = None,
    head: HeadChoice = 0,
    batch: int = 0,
    vocab: Sequence[str] | None = None,
) -> BlockTensor:
    """What ``hook`` (default: the block's ``shown`` hook) holds for ``batch`` item ``batch``
    (and, when it is per head, ``head``: a model head number, a list of them for their mean,
    "mean" or "max"). Negative ``batch`` and head numbers count from the end; titles name the
    non-negative numbers.

    ``tokens`` labels the positions by the block's attention part; ``vocab`` labels the
    output head's logits.

    >>> vt.views.block_tensor(run.cache, vt.views.architecture_map(model).blocks[0])
    """
    hook = hook or block.shown
    if hook not in block.hooks:
        raise VizTransformerError(f"{hook!r} is not a hook of {block.path}; it has {block.hooks}.")
    tensor = cache[hook]
    shape = tuple(tensor.shape)
    suffix = parse_hook(hook).hook
    queries, keys = tokens(block.part) if tokens is not None else (None, None)
    if tensor.ndim == 4:  # [batch, kept head, position, ·]
        choice = check_head(head, cache.n_heads)
        kept = tensor[_batch(tensor, batch)].detach().cpu().numpy()  # no copy of every head
        values = combine_heads(kept, head_positions(cache, choice)).astype(np.float64)
        rows = keys if suffix in KEY_SIDE else queries
        which = f"{head_label(choice)} of {list(shape)}"
        if suffix in MATRICES:
            weights = suffix == "hook_weights"
            return BlockTensor(
                hook, shape, values,
                token_labels(queries, values.shape[0], "query tokens"),
                token_labels(keys, values.shape[1], "key tokens"),
                "weights" if weights else "scores", "weight" if weights else "score",
                "key", "query", f"{hook} · {which}",
            )  # fmt: skip
        return _matrix(hook, shape, values, rows, None, "d_head", f"{hook} · {which}")
    if tensor.ndim == 3:  # [batch, position, feature]
        batch = _batch(tensor, batch)
        values = as_numpy(tensor[batch])
        logits = suffix in ("hook_logits", "hook_probs")
        columns = vocab if logits else None
        feature = "token in vocabulary" if logits else _feature_name(suffix)
        title = f"{hook} · batch item {batch} of {list(shape)}"
        label = {"hook_logits": "logit", "hook_probs": "probability"}.get(suffix, "value")
        return _matrix(hook, shape, values, queries, columns, feature, title, label)
    if tensor.ndim == 2 and suffix == "hook_pe":  # [position, d_model]: no batch axis
        return _matrix(
            hook, shape, as_numpy(tensor), queries, None, "d_model", f"{hook} · {list(shape)}"
        )
    if tensor.ndim == 2:  # [batch, position]: one number per token
        batch = _batch(tensor, batch)
        values = as_numpy(tensor[batch])
        labels = token_labels(queries, values.shape[0])
        stat = suffix.removeprefix("hook_")
        return BlockTensor(hook, shape, values, labels, [], "scores", stat, "token", stat,
                           f"{hook} · batch item {batch} of {list(shape)}")  # fmt: skip
    raise VizTransformerError(f"{hook} has shape {list(shape)}: no picture for it.")


def _batch(tensor, batch: int) -> int:
    """``batch`` as a non-negative index of the tensor's batch axis (``-1``: the last item)."""
    return check_index("batch item", batch, tensor.shape[0], "this batch")


def _matrix(
    hook: str,
    shape: tuple[int, ...],
    values: np.ndarray,
    rows: Sequence[str] | None,
    columns: Sequence[str] | None,
    xlabel: str,
    title: str,
    value_label: str = "value",
) -> BlockTensor:
    """A signed [position, feature] heatmap; features are numbered unless labelled."""
    return BlockTensor(
        hook, shape, values,
        token_labels(rows, values.shape[0]),
        token_labels(columns, values.shape[1], "feature labels"),
        "scores", value_label, xlabel, "token", title,
    )  # fmt: skip


def _feature_name(suffix: str) -> str:
    return "d_ff" if suffix == "hook_hidden" else "d_model"
