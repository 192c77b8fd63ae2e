"""P(next token) = softmax(x W_out + b): the output classifier, a linear map to the vocabulary."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from ..hooks.hook_point import HookPoint


class OutputHead(nn.Module):
    """P(next token) = softmax(x W_out + b). The model returns logits (softmax is monotone,
    so argmax needs no softmax, and the loss takes logits).

    Hooks: ``hook_logits`` [batch, seq, vocab]; ``hook_probs`` the softmax, computed only when hooked.
    """

    def __init__(self, d_model: int, vocab_size: int) -> None:
        super().__init__()
        self.proj = nn.Linear(d_model, vocab_size)
        self.hook_logits = HookPoint()
        self.hook_probs = HookPoint()

    def forward(self, x: Tensor) -> Tensor:
        logits = self.hook_logits(self.proj(x))  # x W_out + b: [batch, seq, vocab]
        self._show_probs(logits)
        return logits

    def _show_probs(self, logits: Tensor) -> None:
        """Hand softmax(logits) to ``hook_probs``, computed only when it is watched."""
        if self.hook_probs.is_active:
            self.hook_probs(torch.softmax(logits, dim=-1))
