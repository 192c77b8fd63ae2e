"""A named identity module: the place where a tensor can be read or replaced.

Every intermediate tensor the pictures need passes through a ``HookPoint``; its name is its
module path (``encoder.layers.0.self_attn.hook_weights``), so names read as paths through the
model. With no hook attached a ``HookPoint`` is a no-op, and modules may skip computing a
tensor nobody asked for (``is_active``).
"""

from __future__ import annotations

from torch import Tensor, nn


class HookPoint(nn.Module):
    """Identity in the forward pass; torch forward hooks attached here read or patch ``x``."""

    def __init__(self) -> None:
        super().__init__()
        self.name: str = ""

    @property
    def is_active(self) -> bool:
        """True when some hook will see this tensor, so it is worth computing."""
        return bool(self._forward_hooks)

    def forward(self, x: Tensor) -> Tensor:
        return x
