"""Token embedding: each id becomes a learned vector, scaled by √d_model as in the paper."""

from __future__ import annotations

import math

from torch import Tensor, nn

from ..hooks.hook_point import HookPoint


class TokenEmbedding(nn.Module):
    """Embed(x) = E[x] · √d_model.

    The scaling keeps the embeddings on the scale of the positional encoding added next.
    Hook: ``hook_out`` [batch, seq, d_model].
    """

    def __init__(self, vocab_size: int, d_model: int, pad_id: int) -> None:
        super().__init__()
        self.table = nn.Embedding(vocab_size, d_model, padding_idx=pad_id)
        self.scale = math.sqrt(d_model)
        self.hook_out = HookPoint()

    def forward(self, ids: Tensor) -> Tensor:
        return self.hook_out(self.table(ids) * self.scale)
