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
        weight = torch.empty(vocab_size, d_model)  # [vocab, d_model]
        self.table = nn.Embedding(vocab_size, d_model, padding_idx=pad_id, _weight=weight)
        # on torch's "meta" device (a skeleton: shapes only, checkpoints/load.py) there are no
        # values to draw, and drawing them would import torch._dynamo (2 CPU-seconds)
        if not weight.is_meta:
            _draw_table(weight, d_model, pad_id)
        self.scale = math.sqrt(d_model)
        self.hook_out = HookPoint()

    def forward(self, ids: Tensor) -> Tensor:
        return self.hook_out(self.table(ids) * self.scale)


@torch.no_grad()
def _draw_table(weight: Tensor, d_model: int, pad_id: int) -> None:
    """torch's own N(0, 1) draw of an embedding table and zero padding row, rescaled to
    N(0, 1/d_model): the same random stream as ``nn.Embedding``'s, at the right scale."""
    nn.init.normal_(weight)
    weight[pad_id].fill_(0)
    weight.mul_(d_model**-0.5)
