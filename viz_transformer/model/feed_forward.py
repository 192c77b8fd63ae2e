"""FFN(x) = act(x W₁ + b₁) W₂ + b₂: the position-wise feed-forward network, the same
two-layer MLP applied to every position."""

from __future__ import annotations

import functools

import torch.nn.functional as F
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint
from .dropout import Dropout

# ReLU in place: it runs on the first linear's fresh output, which nothing else holds
ACTIVATIONS = {"relu": functools.partial(F.relu, inplace=True), "gelu": F.gelu}


class FeedForward(nn.Module):
    """FFN(x) = act(x W₁ + b₁) W₂ + b₂, d_model → d_ff → d_model, act = ReLU (paper) or GELU.

    Hooks: ``hook_hidden`` [batch, seq, d_ff] after the activation; ``hook_out`` [batch, seq, d_model].
    """

    def __init__(self, d_model: int, d_ff: int, dropout: float, activation: str) -> None:
        super().__init__()
        self.linear1 = nn.Linear(d_model, d_ff)
        self.linear2 = nn.Linear(d_ff, d_model)
        self.activation = ACTIVATIONS[activation]
        self.dropout = Dropout(dropout)
        self.hook_hidden = HookPoint()
        self.hook_out = HookPoint()

    def forward(self, x: Tensor) -> Tensor:
        hidden = self.hook_hidden(self.activation(self.linear1(x)))  # [batch, seq, d_ff]
        return self.hook_out(self.linear2(self.dropout(hidden)))  # [batch, seq, d_model]
