"""Turning a selection (a stack, a layer, a head, a batch item, token labels) into hook names,
checked indices and the matrix a picture shows, so a bad choice reads as advice ("layer 9 is
out of range: ... has 2").

Indices count from the end as in Python (``layer=-1`` is the last layer, ``head=-1`` the last
head); what a view returns (titles, hook names) shows the non-negative number.

The head vocabulary, the same in every view that takes ``head=``:

- an int: that head (``-1``: the last);
- a list of ints (distinct, at least one): in a view of one matrix, the mean over those heads
  (titled "heads 0, 2 (mean)"); in the lines view, one set of lines per listed head;
- ``"mean"``: the mean over every head, W̄ = (1/h) Σ_i W_i (a distribution per row still);
- ``"max"``: the max over every head, W_max[q, k] = max_i W_i[q, k] (every link some head makes;
  rows may sum past 1).

``None`` is not a head choice (it used to mean the mean in some views): say ``"mean"``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from torch import Tensor

from ...errors import VizTransformerError, check_index
from ...hooks.cache import ActivationCache

STACKS = ("encoder", "decoder")


def n_stack_layers(cache: ActivationCache, stack: str) -> int:
    """How many layers the ``stack`` ("encoder" or "decoder") of the cached model has."""
    if stack not in STACKS:
        raise VizTransformerError(f"stack must be one of {list(STACKS)}, got {stack!r}.")
    return cache.n_layers(stack)  # the stack's self-attention counts its layers


def layer_path(cache: ActivationCache, stack: str, layer: int) -> str:
    """The module path of one layer, e.g. ``encoder.layers.1``, after checking it exists
    (``layer=-1``: the last layer, named by its non-negative number)."""
    layer = check_index("layer", layer, n_stack_layers(cache, stack), f"the {stack}")
    return f"{stack}.layers.{layer}"


def batch_item(tensor: Tensor, batch: int) -> Tensor:
    """``tensor[batch]``, refusing a batch index the captured batch does not have."""
    return tensor[check_index("batch item", batch, tensor.shape[0], "this batch")]


COMBINED = ("mean", "max")  # the head choices that combine every head
HeadChoice = int | Sequence[int] | str  # an index, a list of indices, "mean" or "max"


def check_head(head: object, n_heads: int) -> int | tuple[int, ...] | str:
    """``head`` checked against a layer of ``n_heads`` heads and normalised: an int in
    0 … n_heads − 1, a tuple of distinct such ints, or "mean" / "max"; else an error that says
    what a head choice is and which heads exist."""
    if isinstance(head, str):
        if head in COMBINED:
            return head
        raise VizTransformerError(f"unknown head choice {head!r}: {_vocabulary(n_heads)}")
    if isinstance(head, numbers.Integral):  # a bool is refused by check_index
        return check_index("head", head, n_heads, "each attention layer")
    if isinstance(head, (Sequence, np.ndarray, Tensor)) and not isinstance(head, bytes):
        listed = head.tolist() if isinstance(head, Tensor) else list(head)
        chosen = [check_index("head", h, n_heads, "each attention layer") for h in listed]
        if not chosen:
            raise VizTransformerError(f"the list of heads is empty: {_vocabulary(n_heads)}")
        if len(set(chosen)) != len(chosen):
            raise VizTransformerError(
                f"heads {listed} name a head twice (as heads {chosen}): list each head once; "
                f"{_vocabulary(n_heads)}"
            )
        return tuple(chosen)
    if head is None:
        raise VizTransformerError(
            f'head=None is not a head choice (for the mean over heads, say head="mean"): '
            f"{_vocabulary(n_heads)}"
        )
    raise VizTransformerError(f"head {head!r} is not a head choice: {_vocabulary(n_heads)}")


def head_label(choice: int | tuple[int, ...] | str) -> str:
    """How a title names a checked head choice: "head 2", "heads 0, 2 (mean)", "mean over
    heads", "max over heads"."""
    if isinstance(choice, str):
        return f"{choice} over heads"
    if isinstance(choice, tuple):
        if len(choice) == 1:
            return f"head {choice[0]}"
        return f"heads {', '.join(map(str, choice))} (mean)"
    return f"head {choice}"


def combine_heads(values: np.ndarray, choice: int | tuple[int, ...] | str) -> np.ndarray:
    """A checked ``choice`` applied along the head axis (the first) of ``values``: one head (a
    view, not a copy), the mean over listed heads, or the mean or max over all of them."""
    if isinstance(choice, tuple):
        return values[list(choice)].mean(axis=0)
    if choice == "mean":
        return values.mean(axis=0)
    if choice == "max":
        return values.max(axis=0)
    return values[choice]


def select_heads(weights: np.ndarray | Tensor, head: HeadChoice) -> tuple[np.ndarray, str]:
    """What a picture of one matrix shows for ``head``, and how its title says so.

    ``weights`` is one layer's ``[head, query, key]`` (or any ``[head, ...]``) array holding
    every head in the model's order; the result drops the head axis. ``head`` is an index
    (negative counts from the end), a list of indices (their mean), "mean" or "max".

    >>> select_heads(weights, "mean")  # (weights.mean(0), "mean over heads")
    """
    values = weights.detach().cpu().numpy() if isinstance(weights, Tensor) else np.asarray(weights)
    choice = check_head(head, values.shape[0])
    return combine_heads(values, choice), head_label(choice)


def _vocabulary(n_heads: int) -> str:
    """What ``head=`` takes, for error messages."""
    return (
        f"give a head index (each attention layer has {n_heads} heads: 0 to {n_heads - 1}, or "
        f'{-n_heads} to -1 from the end), a non-empty list of them, "mean" or "max".'
    )


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
