"""LN(x) = γ · (x − μ) / √(σ² + ε) + β, μ and σ² over each token's features.

Layer normalisation with its statistics exposed.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint


class LayerNorm(nn.Module):
    """LN(x) = γ · (x − μ) / √(σ² + ε) + β, with μ and σ² taken over each token's features.

    Per token, not per batch: a sentence's statistics never depend on how long its
    neighbours in the batch are, which is why Transformers use it instead of BatchNorm.
    Hooks: ``hook_in`` and ``hook_out`` [batch, seq, d_model]; ``hook_mean`` and ``hook_var``
    [batch, seq] of the input (biased variance, as normalisation uses).
    """

    def __init__(self, d_model: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d_model))
        self.bias = nn.Parameter(torch.zeros(d_model))
        self.eps = eps
        for name in ("in", "mean", "var", "out"):
            setattr(self, f"hook_{name}", HookPoint())

    def forward(self, x: Tensor) -> Tensor:
        x = self.hook_in(x)
        self._show_statistics(x)
        out = F.layer_norm(x, x.shape[-1:], self.weight, self.bias, self.eps)  # γ·(x−μ)/√(σ²+ε)+β
        return self.hook_out(out)

    def _show_statistics(self, x: Tensor) -> None:
        """Hand μ and σ² to ``hook_mean`` and ``hook_var``, computed only when one is watched:
        ``F.layer_norm`` takes its own in the same fused pass, so nobody else needs them."""
        if self.hook_mean.is_active or self.hook_var.is_active:
            var, mean = torch.var_mean(x, dim=-1, unbiased=False)  # [batch, seq] each
            self.hook_mean(mean)
            self.hook_var(var)
