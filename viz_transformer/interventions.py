"""Switching parts of a model off, to see what they were doing: heads, the positional
encoding, the 1/√d_k scaling, residual connections. Every switch is scoped: the model is
whole again when the ``with`` block ends, also when it raises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

import torch
from torch import Tensor

from .errors import VizTransformerError
from .hooks.hook_point import HookPoint
from .hooks.hooked_module import HookFn
from .hooks.names import ATTENTION_PARTS, attention_path
from .model import Transformer
from .model.attention import MultiHeadAttention
from .model.block import TransformerBlock

Head = tuple[str, int, int]  # (attention part, layer, head)


def zero_head_hooks(model: Transformer, heads: Iterable[Head]) -> list[tuple[str, HookFn]]:
    """Hooks that zero each chosen head's output z (its contribution before W_O)."""
    by_name: dict[str, list[int]] = {}
    for part, layer, head in heads:
        name = _attention_path(model, part, layer) + ".hook_z"
        if not 0 <= head < model.config.n_heads:
            raise VizTransformerError(
                f"head {head} is out of range: each layer has {model.config.n_heads} heads."
            )
        by_name.setdefault(name, []).append(head)

    def zero(indices: list[int]):
        def hook(z: Tensor, point: HookPoint) -> Tensor:
            return z.index_fill(1, torch.tensor(indices), 0.0)

        return hook

    return [(name, zero(indices)) for name, indices in by_name.items()]


def no_position_hooks() -> list[tuple[str, HookFn]]:
    """A hook replacing every positional encoding with zeros: the model loses word order."""
    return [("*.pos_encoding.hook_pe", lambda pe, point: torch.zeros_like(pe))]


@contextmanager
def switched_off(attribute: str, modules: list[torch.nn.Module]) -> Iterator[None]:
    """Set ``attribute`` False on ``modules`` for the block, restoring the old values after."""
    before = [getattr(m, attribute) for m in modules]
    try:
        for module in modules:
            setattr(module, attribute, False)
        yield
    finally:
        for module, value in zip(modules, before, strict=True):
            setattr(module, attribute, value)


@contextmanager
def ablated(
    model: Transformer,
    heads: Iterable[Head] = (),
    positional: bool = False,
    scaling: bool = False,
    residual: bool = False,
) -> Iterator[Transformer]:
    """The model with the chosen parts off: ``heads`` zeroed, the positional encoding
    removed, attention unscaled (softmax(QKᵀ)V), the residual connections cut."""
    hooks = zero_head_hooks(model, heads) + (no_position_hooks() if positional else [])
    with ExitStack() as stack:
        stack.enter_context(model.hooks(hooks))
        if scaling:
            attention = [m for m in model.modules() if isinstance(m, MultiHeadAttention)]
            stack.enter_context(switched_off("scaled", attention))
        if residual:
            blocks = [m for m in model.modules() if isinstance(m, TransformerBlock)]
            stack.enter_context(switched_off("residual_on", blocks))
        yield model


def _attention_path(model: Transformer, part: str, layer: int) -> str:
    """``decoder.layers.1.cross_attn`` for ("cross", 1), checked against the model."""
    if part not in ATTENTION_PARTS:
        raise VizTransformerError(f"part must be one of {list(ATTENTION_PARTS)}, got {part!r}.")
    path = attention_path(part, layer)
    if path + ".hook_z" not in model.hook_names:
        raise VizTransformerError(
            f"this model has no {part} attention in layer {layer}; "
            f"its hook names are listed by model.hook_names."
        )
    return path
