"""Why attention divides by √d_k.

For q, k with independent unit-variance components, q·k = Σᵢ qᵢkᵢ has variance d_k: the
scores spread as √d_k. Fed to softmax unscaled, large d_k makes the distribution one-hot
(max weight → 1, entropy → 0), and its Jacobian ∂p/∂s = diag(p) − ppᵀ → 0, so almost no
gradient reaches Q and K. Dividing by √d_k keeps the scores at unit variance for every d_k.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import Tensor

from ...errors import VizTransformerError
from ...hooks.cache import ActivationCache
from ..common.attention_source import chosen_heads
from ..common.panel import Panel
from ..common.selection import HeadChoice

D_KS = (4, 8, 16, 32, 64, 128, 256, 512, 1024)
VARIANTS = ("without scaling: softmax(QKᵀ)", "with scaling: softmax(QKᵀ/√dₖ)")
STATISTICS = {  # field: how the picture names it
    "score_std": "spread of the scores s (std)",
    "max_weight": "largest weight max p",
    "entropy": "entropy −Σ p log₂ p (bits)",
    "gradient_norm": "gradient size ‖∂p/∂s‖ (Frobenius)",
}


@dataclass(frozen=True)
class ScalingCurves:
    """Softmax statistics against d_k; every statistic is [2, len(d_k)]: row 0 without the
    1/√d_k scaling (``VARIANTS[0]``), row 1 with it. Means over queries."""

    d_k: np.ndarray
    score_std: np.ndarray
    max_weight: np.ndarray
    entropy: np.ndarray
    gradient_norm: np.ndarray
    n_keys: int
    source: str  # where the scores came from: "random Q, K" or a trained head
    title: str

    @property
    def max_entropy(self) -> float:
        """log₂ n_keys bits, the entropy of uniform attention (the most spread out possible)."""
        return math.log2(self.n_keys)


@dataclass(frozen=True)
class SoftmaxExamples:
    """One query's softmax weights over its keys, [len(d_k), n_keys], without and with scaling."""

    d_k: np.ndarray
    unscaled: np.ndarray
    scaled: np.ndarray
    key_labels: list[str]
    title: str

    @property
    def panels(self) -> list[Panel]:
        """Rows d_k, columns keys, weights on the fixed 0–1 scale: the peakiness at a glance."""
        rows = [f"dₖ={d}" for d in self.d_k]
        return [
            Panel(name, values, "weights", self.key_labels, rows)
            for name, values in zip(VARIANTS, (self.unscaled, self.scaled), strict=True)
        ]


def softmax_statistics(scores: Tensor) -> dict[str, float]:
    """Means over the rows of ``scores`` [..., key] (the softmax input s) of:

    std of the finite scores; max p; entropy H = −Σ p log₂ p in bits (as every entropy in the
    suite); and ‖J‖_F with
    J = ∂p/∂s computed by torch autograd. Rows whose keys are all masked (−∞) are skipped.
    """
    return softmax_statistics_of_each([scores])[0]


def softmax_statistics_of_each(scores: Sequence[Tensor]) -> list[dict[str, float]]:
    """:func:`softmax_statistics` of each score tensor (all with the same number of keys),
    their Jacobians taken in one batch: a redraw of the curves costs k backward passes, not k
    for each d_k and variant."""
    rows = [_softmax_rows(each) for each in scores]
    jacobians = _softmax_jacobians(torch.cat(rows)).split([len(r) for r in rows])
    return [_statistics(r, j) for r, j in zip(rows, jacobians, strict=True)]


def _softmax_rows(scores: Tensor) -> Tensor:
    """``scores`` [..., key] as float64 rows [n, key], rows whose keys are all masked dropped."""
    rows = scores.reshape(-1, scores.shape[-1]).double()
    rows = rows[torch.isfinite(rows).any(dim=-1)]
    if rows.shape[0] == 0:
        raise VizTransformerError("every query has all keys masked: there is no softmax to study.")
    return rows


def _statistics(rows: Tensor, jacobian: Tensor) -> dict[str, float]:
    """The four means of :func:`softmax_statistics` from the rows and their Jacobians."""
    p = torch.softmax(rows, dim=-1)
    return {
        "score_std": float(rows[torch.isfinite(rows)].std()),
        "max_weight": float(p.max(dim=-1).values.mean()),
        "entropy": float(-torch.special.xlogy(p, p).sum(dim=-1).mean() / math.log(2)),
        "gradient_norm": float(jacobian.flatten(1).norm(dim=-1).mean()),
    }


def _softmax_jacobians(rows: Tensor) -> Tensor:
    """J[i, j, l] = ∂p_ij/∂s_il for each row s_i of ``rows`` [n, k], by autograd: one backward
    pass per key j (the rows are independent, so ∂(Σ_i p_ij)/∂s_i is row i's J[i, j, :]).
    torch.func's jacrev would do it in one call but imports torch._dynamo (2 CPU-seconds)."""
    s = rows.detach().requires_grad_(True)
    p = torch.softmax(s, dim=-1)
    columns = [
        torch.autograd.grad(p[:, j].sum(), s, retain_graph=True)[0] for j in range(p.shape[1])
    ]
    return torch.stack(columns, dim=1)  # [n, k (weight j), k (score l)]


def random_dot_products(
    d_k: int, n_queries: int, n_keys: int, generator: torch.Generator
) -> Tensor:
    """q·k for q [n_queries, d_k] and k [n_keys, d_k] with independent N(0, 1) entries."""
    q = torch.randn(n_queries, d_k, generator=generator, dtype=torch.float64)
    k = torch.randn(n_keys, d_k, generator=generator, dtype=torch.float64)
    return q @ k.T


def scaling_curves(
    d_ks: Sequence[int] = D_KS, n_keys: int = 16, n_queries: int = 256, seed: int = 0
) -> ScalingCurves:
    """The statistics of softmax(QKᵀ) and softmax(QKᵀ/√d_k) for random (seeded) Q and K.

    >>> vt.views.scaling_curves(d_ks=(4, 64, 1024))
    """
    generator = torch.Generator().manual_seed(seed)
    raws = [random_dot_products(d, n_queries, n_keys, generator) for d in d_ks]
    curves = _curves(raws, d_ks, n_keys, "random Q, K")
    return replace(curves, title=f"{curves.title} ({n_queries} queries × {n_keys} keys, N(0, 1))")


def real_scaling(
    cache: ActivationCache,
    part: str,
    layer: int,
    head: HeadChoice,
    batch: int = 0,
    *,
    model_name: str | None = None,
) -> ScalingCurves:
    """The same statistics for one head of a model at its own d_k (one point per curve);
    ``model_name`` (e.g. "trained reverse") names the source in legends.

    ``head`` is an index (negative counts from the end), a list of indices, "mean" or "max":
    the statistics are then those of the heads' scores combined (averaged, or their max,
    before the softmax). ``layer=-1`` is the last layer; legends name non-negative numbers.

    Needs ``hook_masked_scores`` (QKᵀ/√d_k with −∞ where masked; QKᵀ is that times √d_k)
    and ``hook_q`` (for d_k) of the layer.

    >>> vt.views.real_scaling(run.cache, "encoder", layer=0, head=0)
    """
    scaled, which = chosen_heads(cache, part, layer, head, batch, "masked_scores")
    d_k = cache.attention(part, layer, batch=batch, kind="q").shape[-1]  # the same for every head
    raw = torch.from_numpy(scaled).double() * math.sqrt(d_k)
    head_name = f"{part} layer {cache.layer_index(part, layer)}, {which}"
    source = f"{model_name} {head_name}" if model_name else head_name
    return _curves([raw], [d_k], scaled.shape[-1], source)


def softmax_examples(
    d_ks: Sequence[int] = (4, 16, 64, 256, 1024), n_keys: int = 10, seed: int = 0
) -> SoftmaxExamples:
    """One random query's weights over ``n_keys`` random keys at each d_k, without and with
    scaling: unscaled, the weight piles onto one key as d_k grows; scaled, it stays spread.

    >>> vt.views.softmax_examples()
    """
    generator = torch.Generator().manual_seed(seed)
    raws = [random_dot_products(d, 1, n_keys, generator)[0] for d in d_ks]
    unscaled = [torch.softmax(raw, dim=-1) for raw in raws]
    scaled = [torch.softmax(raw / math.sqrt(d), dim=-1) for raw, d in zip(raws, d_ks, strict=True)]
    return SoftmaxExamples(
        d_k=np.asarray(d_ks),
        unscaled=torch.stack(unscaled).numpy(),
        scaled=torch.stack(scaled).numpy(),
        key_labels=[f"k{i}" for i in range(n_keys)],
        title="one query's softmax weights as dₖ grows",
    )


def _curves(raws: Sequence[Tensor], d_ks: Sequence[int], n_keys: int, source: str) -> ScalingCurves:
    """Statistics of each raw QKᵀ matrix, unscaled and divided by √d_k."""
    scores = [
        raw / (math.sqrt(d) if scaled else 1.0)
        for scaled in (False, True)
        for raw, d in zip(raws, d_ks, strict=True)
    ]
    each = softmax_statistics_of_each(scores)
    stats = [each[: len(raws)], each[len(raws) :]]  # without, with the scaling (VARIANTS)
    arrays = {
        name: np.array([[row[name] for row in variant] for variant in stats]) for name in STATISTICS
    }
    return ScalingCurves(
        d_k=np.asarray(d_ks),
        n_keys=n_keys,
        source=source,
        title=f"why divide by √dₖ: softmax statistics of {source}",
        **arrays,
    )
