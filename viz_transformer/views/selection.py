"""Turning a selection (a stack, a layer, a batch item, token labels) into hook names and
checked indices, so a bad choice reads as advice ("layer 9 is out of range: ... has 2")."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from torch import Tensor

from ..errors import VizTransformerError, check_index
from ..hooks.cache import ActivationCache

STACKS = ("encoder", "decoder")


def n_stack_layers(cache: ActivationCache, stack: str) -> int:
    """How many layers the ``stack`` ("encoder" or "decoder") of the cached model has."""
    if stack not in STACKS:
        raise VizTransformerError(f"stack must be one of {list(STACKS)}, got {stack!r}.")
    return cache.n_layers(stack)  # the stack's self-attention counts its layers


def layer_path(cache: ActivationCache, stack: str, layer: int) -> str:
    """The module path of one layer, e.g. ``encoder.layers.1``, after checking it exists."""
    check_index("layer", layer, n_stack_layers(cache, stack), f"the {stack}")
    return f"{stack}.layers.{layer}"


def batch_item(tensor: Tensor, batch: int) -> Tensor:
    """``tensor[batch]``, refusing a batch index the captured batch does not have."""
    check_index("batch item", batch, tensor.shape[0], "this batch")
    return tensor[batch]


def token_labels(tokens: Sequence[str] | None, n: int, what: str = "tokens") -> list[str]:
    """The labels of ``n`` positions: ``tokens`` if given (checked for length), else "0", "1", …"""
    if tokens is None:
        return [str(i) for i in range(n)]
    labels = [str(t) for t in tokens]
    if len(labels) != n:
        raise VizTransformerError(f"{len(labels)} {what} given for {n} positions.")
    return labels


def as_numpy(tensor: Tensor) -> np.ndarray:
    """A detached CPU float64 copy: views hand renderers plain numbers."""
    return tensor.detach().cpu().double().numpy()
