"""A named identity module: the place where a tensor can be read or replaced.

Every intermediate tensor the pictures need passes through a ``HookPoint``; its name is its
module path (``encoder.layers.0.self_attn.hook_weights``), so names read as paths through the
model. With no hook attached a ``HookPoint`` is a no-op, and modules may skip computing a
tensor nobody asked for (``is_active``). Besides torch's forward hooks, a point hands its
tensor to the *sink* its model registered under its name (``sinks``): how a capture reads
hundreds of points without registering a torch hook on each. A point whose tensor has one
slice per attention head knows which axis that is (``head_axis``), so a capture can keep
chosen heads only.
"""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn
from torch.nn.modules import module as torch_module

Sink = Callable[[Tensor, "HookPoint"], None]


class HookPoint(nn.Module):
    """Identity in the forward pass; torch forward hooks attached here read or patch ``x``."""

    def __init__(self, head_axis: int | None = None) -> None:
        super().__init__()
        self.name: str = ""
        # the axis indexing attention heads ([batch, head, ...] → 1), None if not per head
        self.head_axis = head_axis
        # {hook name: sink}; the model shares one dict with all its points (``setup_hooks``)
        self.sinks: dict[str, Sink] = {}

    @property
    def is_active(self) -> bool:
        """True when some hook or sink will see this tensor, so it is worth computing."""
        return bool(self._forward_hooks) or self.name in self.sinks

    def __call__(self, x: Tensor) -> Tensor:
        """Torch's full module call only when a hook could see it, then this point's sink.

        A model has hundreds of HookPoints and ``nn.Module.__call__`` costs about a microsecond
        each, which small models notice; with nothing attached the identity needs none of it.
        The sink runs after the hooks, so it reads the tensor as they left it.
        """
        if is_observed(self):
            x = super().__call__(x)
        if self.sinks:  # a capture is running on this model
            sink = self.sinks.get(self.name)
            if sink is not None:
                sink(x, self)
        return x

    def forward(self, x: Tensor) -> Tensor:
        return x


def is_observed(module: nn.Module) -> bool:
    """Whether some hook would see a call of ``module``: the condition under which
    ``nn.Module.__call__`` leaves its own fast path, so a module may skip it otherwise."""
    return bool(
        module._forward_hooks
        or module._forward_pre_hooks
        or module._backward_hooks
        or module._backward_pre_hooks
        or torch_module._global_forward_hooks
        or torch_module._global_forward_pre_hooks
        or torch_module._global_backward_hooks
        or torch_module._global_backward_pre_hooks
    )
