"""x ← x + PE[pos]: positional encodings, sinusoidal (fixed), learned (a trained table), or none.

Attention alone is permutation-invariant: without a positional signal, shuffling the input
only shuffles the output. Each encoding adds a vector per position to the embeddings.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint
from .dropout import Dropout


def sinusoidal_table(n_positions: int, d_model: int, base: float = 10000.0) -> Tensor:
    """PE(pos, 2i) = sin(pos / base^(2i/d)), PE(pos, 2i+1) = cos(pos / base^(2i/d)).

    Returns [n_positions, d_model] in float32; odd ``d_model`` drops the last cosine.
    """
    position = torch.arange(n_positions, dtype=torch.float64).unsqueeze(1)  # [n_positions, 1]
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    angle = position / torch.pow(torch.tensor(base, dtype=torch.float64), two_i / d_model)
    table = torch.zeros(n_positions, d_model, dtype=torch.float64)
    table[:, 0::2] = torch.sin(angle)
    table[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return table.float()


class PositionalEncoding(nn.Module):
    """x + PE[:seq]; ``kind`` is "sinusoidal" (fixed buffer), "learned" (parameter) or "none".

    Hooks: ``hook_pe`` [seq, d_model] the encoding itself (patch it to remove or replace
    position information), ``hook_out`` [batch, seq, d_model] the sum fed to the first layer.
    """

    def __init__(self, kind: str, max_len: int, d_model: int, dropout: float) -> None:
        super().__init__()
        self.kind = kind
        self.max_len = max_len
        table = torch.zeros(max_len, d_model)  # [max_len, d_model]
        # on torch's "meta" device (a skeleton: shapes only, checkpoints/load.py) there are no
        # values to compute, and computing them would import torch._dynamo (2 CPU-seconds)
        if kind == "sinusoidal" and not table.is_meta:
            table = sinusoidal_table(max_len, d_model)
        elif kind == "learned" and not table.is_meta:
            table = torch.randn(max_len, d_model) / math.sqrt(d_model)
        if kind == "learned":
            self.table = nn.Parameter(table)
        else:
            self.register_buffer("table", table, persistent=False)
        self.dropout = Dropout(dropout)
        self.hook_pe = HookPoint()
        self.hook_out = HookPoint()

    def forward(self, x: Tensor) -> Tensor:
        pe = self.hook_pe(self.table[: x.shape[1]])  # PE[0 … seq−1]: [seq, d_model]
        return self.dropout(self.hook_out(x + pe))  # [batch, seq, d_model]
