"""Embed(x) = E[x] · √d_model: each id becomes a learned vector, scaled as in the paper."""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint


class TokenEmbedding(nn.Module):
    """Embed(x) = E[x] · √d_model.

    The scaling keeps the embeddings on the scale of the positional encoding added next, so
    the table starts at N(0, 1/d_model): each E[x]·√d_model entry then has unit variance,
    like the sinusoids (whose entries lie in [−1, 1]). torch's default N(0, 1) table would
    make an untrained model's embeddings √d_model times larger than the positional signal
    and its first layer's attention artificially sharp (mean max weight ≈ 0.9 over 24 tokens
    at d_model 64, where an untrained model should be near uniform).
    Hook: ``hook_out`` [batch, seq, d_model].
    """

    def __init__(self, vocab_size: int, d_model: int, pad_id: int) -> None:
        super().__init__()
        self.table = nn.Embedding(vocab_size, d_model, padding_idx=pad_id)
        with torch.no_grad():  # rescale torch's N(0, 1) draw: same random stream, right scale
            self.table.weight.mul_(d_model**-0.5)
        self.scale = math.sqrt(d_model)
        self.hook_out = HookPoint()

    def forward(self, ids: Tensor) -> Tensor:
        return self.hook_out(self.table(ids) * self.scale)
