"""One setting of the scaling question: random queries against random keys at a chosen d_k,
softmax with or without 1/√d_k, and the statistics of that softmax."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from ..scaling.view import random_dot_products, softmax_statistics


@dataclass(frozen=True)
class ScalingChoice:
    """Weights [query, key] = softmax(QKᵀ · c) with c = 1/√d_k (scaled) or 1, and their
    statistics (``softmax_statistics``: score std, max weight, entropy, gradient norm)."""

    d_k: int
    scaled: bool
    weights: np.ndarray
    statistics: dict[str, float]
    title: str


def scaling_choice(
    d_k: int, scaled: bool, n_keys: int = 16, n_queries: int = 8, seed: int = 0
) -> ScalingChoice:
    """Seeded N(0, 1) queries and keys of size ``d_k``; the same draw for both settings.

    >>> vt.views.scaling_choice(d_k=64, scaled=True)
    """
    raw = random_dot_products(d_k, n_queries, n_keys, torch.Generator().manual_seed(seed))
    scores = raw / math.sqrt(d_k) if scaled else raw
    stats = softmax_statistics(scores)
    formula = "softmax(QKᵀ/√dₖ)" if scaled else "softmax(QKᵀ)"
    title = (
        f"{formula}, dₖ = {d_k}: max weight {stats['max_weight']:.2f}, entropy "
        f"{stats['entropy']:.2f} of {math.log2(n_keys):.2f} bits, gradient ‖∂p/∂s‖ {stats['gradient_norm']:.3f}"
    )
    weights = torch.softmax(scores, dim=-1).numpy()
    return ScalingChoice(d_k, scaled, weights, stats, title)
