"""Attention(Q, K, V) = softmax(QKᵀ / √d_k + M) V
MultiHead(X_q, X_kv) = Concat(head_1, …, head_h) W_O,  head_i = Attention(X_q W_Q^i, X_kv W_K^i, X_kv W_V^i)

M is the mask: 0 where a query may attend to a key, −∞ where it may not. Every step has a
hook. When no hook reads the scores or the weights, torch's fused kernel computes the same
result faster, without materialising the [query, key] matrix (``fast_paths.fused_attention``).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint
from .fast_paths import fused_attention


class MultiHeadAttention(nn.Module):
    """h heads of scaled dot-product attention in d_model / h dimensional subspaces.

    Self-attention passes the same tensor as ``query_input`` and ``key_value_input``;
    cross-attention passes the decoder's stream and the encoder's output.
    Hooks, attention tensors as [batch, head, query, key]:
    ``hook_q``/``hook_k``/``hook_v`` [batch, head, pos, d_head]; ``hook_scores`` QKᵀ/√d_k before
    the mask; ``hook_masked_scores`` with −∞ where masked; ``hook_weights`` after softmax;
    ``hook_z`` per-head output [batch, head, query, d_head]; ``hook_out`` after W_O.
    """

    def __init__(self, d_model: int, n_heads: int, dropout: float) -> None:
        super().__init__()
        self.n_heads = n_heads
        self.d_head = d_model // n_heads
        self.dropout = dropout
        self.scaled = True  # set False to show what 1/√d_k prevents
        self.w_q = nn.Linear(d_model, d_model)
        self.w_k = nn.Linear(d_model, d_model)
        self.w_v = nn.Linear(d_model, d_model)
        self.w_o = nn.Linear(d_model, d_model)
        for name in ("q", "k", "v", "scores", "masked_scores", "weights", "z"):
            setattr(self, f"hook_{name}", HookPoint(head_axis=1))  # [batch, head, ...]
        self.hook_out = HookPoint()

    def forward(self, query_input: Tensor, key_value_input: Tensor, mask: Tensor | None) -> Tensor:
        # project to Q, K, V and split d_model into h heads of d_head
        q = self.hook_q(self._split_heads(self.w_q(query_input)))  # [batch, head, query, d_head]
        k = self.hook_k(self._split_heads(self.w_k(key_value_input)))  # [batch, head, key, d_head]
        v = self.hook_v(self._split_heads(self.w_v(key_value_input)))  # [batch, head, key, d_head]
        if self._weights_wanted():
            k_t = k.transpose(-2, -1)  # Kᵀ: [batch, head, d_head, key]
            # QKᵀ/√d_k as (Q/√d_k)Kᵀ: scaling Q passes over [query, d_head], not [query, key]
            scores = self.hook_scores((q * self.scale) @ k_t)  # [batch, head, query, key]
            scores = self.hook_masked_scores(mask_scores(scores, mask))  # + M: −∞ where masked
            weights = self.hook_weights(softmax_over_keys(scores, mask))  # each row sums to 1
            z = F.dropout(weights, self.dropout, self.training) @ v  # [batch, head, query, d_head]
        else:  # nobody reads scores or weights: the fused kernel, same z, faster
            z = fused_attention(q, k, v, mask, self.scale, self.dropout, self.training)
        z = self.hook_z(z)  # [batch, head, query, d_head]
        concat = self._merge_heads(z)  # Concat(head_1, …, head_h): [batch, query, d_model]
        return self.hook_out(self.w_o(concat))  # [batch, query, d_model]

    @property
    def scale(self) -> float:
        """1/√d_k, or 1 when scaling is switched off."""
        return 1.0 / math.sqrt(self.d_head) if self.scaled else 1.0

    def _split_heads(self, x: Tensor) -> Tensor:
        """[batch, pos, d_model] → [batch, head, pos, d_head]: head i gets the i-th d_head slice."""
        batch, length, _ = x.shape
        x = x.view(batch, length, self.n_heads, self.d_head)  # [batch, pos, head, d_head]
        return x.transpose(1, 2)  # [batch, head, pos, d_head]

    def _merge_heads(self, z: Tensor) -> Tensor:
        """[batch, head, query, d_head] → [batch, query, d_model]: the heads side by side."""
        batch, _, length, _ = z.shape
        z = z.transpose(1, 2)  # [batch, query, head, d_head]
        return z.reshape(batch, length, self.n_heads * self.d_head)  # [batch, query, d_model]

    def _weights_wanted(self) -> bool:
        """Whether a hook or capture reads the scores or weights, so they must be written out."""
        hooks = (self.hook_scores, self.hook_masked_scores, self.hook_weights)
        return any(hook.is_active for hook in hooks)


def mask_scores(scores: Tensor, mask: Tensor | None) -> Tensor:
    """scores + M: −∞ where ``mask`` is False, so softmax gives those keys weight exactly 0."""
    return scores if mask is None else scores.masked_fill(~mask, float("-inf"))


def softmax_over_keys(scores: Tensor, mask: Tensor | None) -> Tensor:
    """softmax over the key axis. A query whose every key is masked has no distribution (its
    row is all −∞, whose softmax is NaN): it gets weight 0 everywhere."""
    weights = torch.softmax(scores, dim=-1)
    if mask is not None:
        no_key = ~mask.any(dim=-1, keepdim=True)  # [batch, 1, query, 1], broadcast as the mask
        if no_key.any():
            weights = weights.masked_fill(no_key, 0.0)
    return weights
