"""Attention rollout (Abnar & Zuidema 2020): self-attention combined across layers.

    Â_l = normalise_rows(0.5 · Ā_l + 0.5 · I)      Ā_l = (1/h) Σ_i W_l,i   (mean over heads)
    R_0 = Â_0,   R_l = Â_l · R_{l−1}

R_l[q, k] tracks how much of input token k can reach position q after layers 0 … l, if
attention were the only thing mixing tokens and the residual connection weighed as much as
attention (the 0.5 · I). Each Â_l is row-stochastic, so every R_l is too: a row still sums
to 1; a causal Ā_l stays lower-triangular, and so does their product.

What it is not: an explanation of the output. It ignores the values (a key with a large
weight may contribute a small vector), the feed-forward layers, LayerNorm and the sign of
contributions; it averages the heads and treats the mixing as linear; the 0.5 is a
convention, not something the model learnt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...errors import VizTransformerError
from ..common.attention_source import AttentionSource, attention_stack, layer_number
from ..common.panel import Panel
from ..common.selection import token_labels

RESIDUAL = 0.5  # the weight of the identity (the residual) against attention: Abnar & Zuidema's
SELF_PARTS = ("encoder", "decoder")
# the caveat a rollout figure carries, one line each, short enough for its width (the
# glossary holds their Chinese)
CAVEAT = (
    "Rollout: how much of each input token can reach each position if attention were the "
    "only mixing,",
    "with the residual weighed as much as attention (0.5·Ā + 0.5·I), linear, heads averaged.",
    "Not an explanation of the output: it ignores values, feed-forward layers, LayerNorm",
    "and the sign of contributions; 0.5 is a convention.",
)


@dataclass(frozen=True)
class AttentionRollout:
    """Rollout up to ``layer`` beside that layer's own attention (mean over heads), both
    [query, key] with rows summing to 1, with their labels and a title."""

    rollout: np.ndarray
    attention: np.ndarray
    layer: int
    query_tokens: list[str]
    key_tokens: list[str]
    title: str

    @property
    def panels(self) -> list[Panel]:
        """Rollout, then the layer's raw attention, on the one fixed 0–1 weight scale."""
        through = "layer 0" if self.layer == 0 else f"layers 0–{self.layer}"
        return [
            Panel(f"rollout through {through}", self.rollout, "weights",
                  self.key_tokens, self.query_tokens),
            Panel(f"layer {self.layer} attention (mean over heads)", self.attention, "weights",
                  self.key_tokens, self.query_tokens),
        ]  # fmt: skip


def rollout(attention: np.ndarray, residual: float = RESIDUAL) -> np.ndarray:
    """The rollout after each layer, ``[layer, query, key]``, of head-averaged self-attention
    ``attention`` ``[layer, query, key]``: R_l = Â_l · R_{l−1}, Â_l = normalise_rows(
    (1 − residual) · Ā_l + residual · I). A query whose keys were all masked (an all-zero row
    of Ā) keeps only itself.

    >>> rollout(np.stack([np.eye(3)]))[0]  # identity attention: every token stays itself
    """
    attention = np.asarray(attention, dtype=np.float64)
    if attention.ndim != 3 or attention.shape[1] != attention.shape[2]:
        raise VizTransformerError(
            f"rollout needs self-attention, [layer, query, key] with as many queries as keys; "
            f"got shape {attention.shape}."
        )
    identity = np.eye(attention.shape[1])
    mixed = (1 - residual) * attention + residual * identity  # [layer, query, key]
    mixed /= mixed.sum(axis=-1, keepdims=True)  # rows renormalised
    rolled = np.empty_like(mixed)
    current = identity
    for layer, step in enumerate(mixed):
        current = step @ current  # [query, key]: this layer's mixing after the earlier ones
        rolled[layer] = current
    return rolled


def attention_rollout(
    source: AttentionSource,
    part: str = "encoder",
    layer: int = -1,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> AttentionRollout:
    """Rollout of ``part``'s self-attention ("encoder" or "decoder") through layers 0 …
    ``layer`` (``-1``: every layer), beside layer ``layer``'s own attention averaged over
    its heads. ``source`` is a cache of every head's ``hook_weights`` or any model's attention
    (see ``attention_source``).

    Rollout tracks how much of each input token could reach each position if attention were
    the only mixing (residual weighed as much as attention, linear, heads averaged). It is
    not an explanation of the output: it ignores the values, the feed-forward layers,
    LayerNorm and the sign of contributions, and the 0.5 is a convention (``CAVEAT``).

    >>> vt.views.attention_rollout(run.cache, "encoder", layer=-1)
    """
    if part not in SELF_PARTS:
        raise VizTransformerError(
            f"rollout combines one sequence's self-attention across its layers: choose part "
            f"{' or '.join(map(repr, SELF_PARTS))}, not {part!r} (cross-attention mixes two "
            f"sequences, which this rollout does not follow)."
        )
    layer = layer_number(source, part, layer)
    heads = attention_stack(source, part, batch)[: layer + 1]  # [layer, head, query, key]
    mean = heads.astype(np.float64).mean(axis=1)  # Ā: [layer, query, key]
    rolled = rollout(mean)[layer]
    queries = token_labels(query_tokens, rolled.shape[0], "query tokens")
    keys = token_labels(key_tokens, rolled.shape[1], "key tokens")
    return AttentionRollout(
        rolled, mean[layer], layer, queries, keys, f"{part} attention rollout · layer {layer}"
    )
