"""Why Transformers use LayerNorm and not BatchNorm: follow one sentence through batches.

    LayerNorm: μ, σ² per token, over its d features     → a token's own numbers only
    BatchNorm: μ_c, σ²_c per feature c, over every token of every sentence in the batch,
               padding included (training mode)          → depends on the neighbours

Put the same sentence in batches with different neighbours (so with different padding):
its LayerNorm statistics and outputs stay exactly the same, its BatchNorm ones move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from torch import Tensor

from ...errors import VizTransformerError
from ..common.selection import as_numpy, check_index, token_labels

EPS = 1e-5  # ε of torch.nn.LayerNorm and torch.nn.BatchNorm1d


@dataclass(frozen=True)
class NormComparison:
    """One sentence in several batches ("contexts"); the first context is the reference.

    LayerNorm statistics are per token [context, token]; BatchNorm statistics per feature
    [context, feature]; ``*_change`` [context] is the largest change of the sentence's
    normalised values relative to the first context (exactly 0 for LayerNorm).
    """

    contexts: list[str]
    tokens: list[str]
    layer_mean: np.ndarray
    layer_var: np.ndarray
    batch_mean: np.ndarray
    batch_var: np.ndarray
    layer_change: np.ndarray
    batch_change: np.ndarray
    title: str


def layer_norm(x: np.ndarray, eps: float = EPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x − μ)/√(σ² + ε) with μ, σ² over the features of each token; returns (out, μ, σ²)."""
    mean, var = x.mean(axis=-1), x.var(axis=-1)
    return (x - mean[..., None]) / np.sqrt(var[..., None] + eps), mean, var


def batch_norm(x: np.ndarray, eps: float = EPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x − μ_c)/√(σ²_c + ε) with μ_c, σ²_c over every [batch, position] of feature c (as
    torch.nn.BatchNorm1d in training mode on [batch, feature, position]); returns (out, μ, σ²).

    >>> normed, mean, var = vt.views.batch_norm(x)  # x: numpy activations
    """
    flat = x.reshape(-1, x.shape[-1])
    mean, var = flat.mean(axis=0), flat.var(axis=0)
    return (x - mean) / np.sqrt(var + eps), mean, var


def norm_comparison(
    batches: Sequence[Tensor],
    rows: Sequence[int],
    length: int,
    contexts: Sequence[str],
    tokens: Sequence[str] | None = None,
    *,
    title: str | None = None,
) -> NormComparison:
    """Normalise each batch [batch, seq, d] both ways and follow the sentence at ``rows[i]``
    (its first ``length`` positions, so its padding is not compared) through them.

    The batches are vectors a model computed, e.g. each batch's
    ``encoder.pos_encoding.hook_out`` or ``encoder.layers.0.ln1.hook_in``.

    >>> vt.views.norm_comparison(batches, rows, length, contexts, tokens)
    """
    if not len(batches) == len(rows) == len(contexts) or not batches:
        raise VizTransformerError(
            f"give one row and one context name per batch: {len(batches)} batches, "
            f"{len(rows)} rows, {len(contexts)} contexts."
        )
    followed = [_followed(as_numpy(b), row, length) for b, row in zip(batches, rows, strict=True)]
    layer = [layer_norm(sentence) for _, _, sentence in followed]
    batch = [_batch_norm_of_row(x, row, length) for x, row, _ in followed]
    return NormComparison(
        contexts=list(contexts),
        tokens=token_labels(tokens, length),
        layer_mean=np.stack([mean for _, mean, _ in layer]),
        layer_var=np.stack([var for _, _, var in layer]),
        batch_mean=np.stack([mean for _, mean, _ in batch]),
        batch_var=np.stack([var for _, _, var in batch]),
        layer_change=_changes([out for out, _, _ in layer]),
        batch_change=_changes([out for out, _, _ in batch]),
        title=title or "one sentence in different batches: LayerNorm vs BatchNorm",
    )


def _followed(x: np.ndarray, row: int, length: int) -> tuple[np.ndarray, int, np.ndarray]:
    """The whole batch, the followed row (non-negative; ``-1``: the last) and the sentence's
    real positions [length, d]."""
    if x.ndim != 3:
        raise VizTransformerError(f"each batch must be [batch, seq, d], got shape {list(x.shape)}.")
    row = check_index("row", row, x.shape[0], "this batch")
    if not 1 <= length <= x.shape[1]:
        raise VizTransformerError(
            f"length {length} does not fit a batch of {x.shape[1]} positions."
        )
    return x, row, x[row, :length]


def _batch_norm_of_row(
    x: np.ndarray, row: int, length: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BatchNorm of the whole batch, keeping the followed sentence's rows of the output."""
    out, mean, var = batch_norm(x)
    return out[row, :length], mean, var


def _changes(outputs: Sequence[np.ndarray]) -> np.ndarray:
    """max |out_i − out_0| for each context i (0 for the reference itself)."""
    return np.array([float(np.abs(out - outputs[0]).max()) for out in outputs])
