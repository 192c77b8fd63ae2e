"""Scaled dot-product attention and multi-head attention, with every step hookable.

    Attention(Q, K, V) = softmax(QKᵀ / √d_k) V
    MultiHead(X_q, X_kv) = Concat(head_1, …, head_h) W_O,  head_i = Attention(X_q W_Q^i, X_kv W_K^i, X_kv W_V^i)

When no hook asks for the scores or the weights, the fused
``torch.nn.functional.scaled_dot_product_attention`` computes the same result faster and
without materialising the [query, key] matrix.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint
from .masks import is_causal_mask


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
        q = self.hook_q(self._split_heads(self.w_q(query_input)))
        k = self.hook_k(self._split_heads(self.w_k(key_value_input)))
        v = self.hook_v(self._split_heads(self.w_v(key_value_input)))
        if self._weights_wanted():
            z = self._explicit_attention(q, k, v, mask)
        else:
            z = self._fused_attention(q, k, v, mask)
        z = self.hook_z(z)
        return self.hook_out(self.w_o(self._merge_heads(z)))

    @property
    def scale(self) -> float:
        """1/√d_k, or 1 when scaling is switched off."""
        return 1.0 / math.sqrt(self.d_head) if self.scaled else 1.0

    def _weights_wanted(self) -> bool:
        hooks = (self.hook_scores, self.hook_masked_scores, self.hook_weights)
        return any(hook.is_active for hook in hooks)

    def _fused_attention(self, q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None) -> Tensor:
        """torch's fused kernel; a purely causal mask is passed as ``is_causal``, which is faster."""
        causal = is_causal_mask(mask, q.shape[-2], k.shape[-2])
        return F.scaled_dot_product_attention(
            q,
            k,
            v,
            attn_mask=None if causal else mask,
            dropout_p=self.dropout if self.training else 0.0,
            is_causal=causal,
            scale=self.scale,
        )

    def _explicit_attention(self, q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None) -> Tensor:
        """softmax(QKᵀ/√d_k) V written out, so scores and weights can be read and patched."""
        # (Q/√d_k)Kᵀ = QKᵀ/√d_k: scaling the [query, d_head] side spares a pass over [query, key]
        scores = self.hook_scores((q * self.scale) @ k.transpose(-2, -1))
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = torch.softmax(self.hook_masked_scores(scores), dim=-1)
        if mask is not None:  # a query with every key masked has no distribution: weight 0
            no_key = ~mask.any(dim=-1, keepdim=True)
            if no_key.any():
                weights = weights.masked_fill(no_key, 0.0)
        weights = self.hook_weights(weights)
        return F.dropout(weights, self.dropout, self.training) @ v

    def _split_heads(self, x: Tensor) -> Tensor:
        batch, length, _ = x.shape
        return x.view(batch, length, self.n_heads, self.d_head).transpose(1, 2)

    def _merge_heads(self, z: Tensor) -> Tensor:
        batch, _, length, _ = z.shape
        return z.transpose(1, 2).reshape(batch, length, self.n_heads * self.d_head)
