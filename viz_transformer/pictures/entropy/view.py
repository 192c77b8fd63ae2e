"""How spread out each head's attention is: the entropy of its weights, per layer and head.

    H(q) = −Σ_k w[q, k] log₂ w[q, k]   (bits; 0 log 0 = 0)
    entropy[layer, head] = mean of H(q) over the queries that attend to something

0 bits: every query looks at one key. log₂(n_keys) bits: every query spreads evenly over all
keys (the colour scale's top). A query whose keys are all masked has no distribution (its
weights are 0) and is left out of the mean.
"""

from __future__ import annotations

import numpy as np

from ..common.attention_source import AttentionSource, attention_stack
from ..common.layer_head_map import layer_head_panel
from ..common.panel import Panel


def row_entropy(weights: np.ndarray) -> np.ndarray:
    """Entropy in bits of each row of ``weights`` [..., query, key] (shape [..., query])."""
    logs = np.log2(np.where(weights > 0, weights, 1.0))
    return -(weights * logs).sum(-1)


def head_entropy(
    source: AttentionSource, part: str, batch: int = 0, title: str | None = None
) -> Panel:
    """Mean attention entropy of every head, a [layer, head] panel on the scale 0 … log₂(keys).

    >>> vt.views.head_entropy(run.cache, "encoder")
    """
    weights = attention_stack(source, part, batch)  # [layer, head, query, key]
    attends = weights.sum(-1) > 0
    entropy = np.where(attends, row_entropy(weights), 0.0).sum(-1) / np.maximum(attends.sum(-1), 1)
    n_keys = weights.shape[-1]
    title = title or f"{part} attention · entropy per head (bits)"
    return layer_head_panel(entropy, title, 0.0, float(np.log2(max(n_keys, 2))), "entropy (bits)")
