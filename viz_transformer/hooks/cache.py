"""The activation cache: the tensors a forward pass captured, by hook name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np
from torch import Tensor

from ..errors import VizTransformerError, check_index
from .names import ATTENTION_PARTS, attention_hook, parse_hook, unknown_name_error


class ActivationCache(Mapping[str, Tensor]):
    """A read-only mapping {hook name: tensor} with helpers to slice attention.

    Asking for a hook that exists but was not captured, or for a layer or head the model does
    not have, raises an error that says what to capture or which indices exist.

    ``heads`` are the model's head numbers the per-head tensors hold, in their order along the
    head axis: every head by default, fewer after ``run_with_cache(..., heads=[...])``.

    Layers, heads and batch items may be counted from the end as in Python (``layer=-1`` is
    the last layer); hook names and errors show the non-negative number.
    """

    def __init__(
        self,
        tensors: dict[str, Tensor],
        hook_names: Sequence[str],
        n_heads: int,
        output: Tensor | None = None,
        heads: Sequence[int] | None = None,
    ) -> None:
        self._tensors = tensors
        self.hook_names = list(hook_names)
        self.n_heads = n_heads
        self.output = output
        self.heads = tuple(range(n_heads)) if heads is None else tuple(heads)

    # mapping protocol
    def __getitem__(self, name: str) -> Tensor:
        if name in self._tensors:
            return self._tensors[name]
        if name in self.hook_names:
            raise VizTransformerError(
                f"hook {name!r} was not captured. Capture it with "
                f"model.run_with_cache(..., names=[{name!r}]) (or names=None for every hook)."
            )
        raise unknown_name_error(name, self.hook_names)

    def __iter__(self) -> Iterator[str]:
        return iter(self._tensors)

    def __len__(self) -> int:
        return len(self._tensors)

    def __repr__(self) -> str:
        return f"ActivationCache({len(self)} tensors, {self.nbytes / 1e6:.2f} MB)"

    @property
    def has_every_head(self) -> bool:
        """True when the per-head tensors hold all heads in the model's order."""
        return self.heads == tuple(range(self.n_heads))

    @property
    def nbytes(self) -> int:
        """Memory held by the captured tensors, in bytes."""
        return sum(t.numel() * t.element_size() for t in self._tensors.values())

    # structure of the model the cache came from
    @property
    def attention_parts(self) -> list[str]:
        """The attention kinds this model has: some of "encoder", "decoder", "cross"."""
        return [p for p in ATTENTION_PARTS if self._n_layers_of(p) > 0]

    def n_layers(self, part: str) -> int:
        """How many layers the stack holding ``part`` has."""
        return self._n_layers_of(self._check_part(part))

    def layer_index(self, part: str, layer: int) -> int:
        """``layer`` of the stack holding ``part`` as a non-negative number (``-1``: the last
        layer), or an error naming the layers there are."""
        return check_index("layer", layer, self.n_layers(part), f"{part} attention")

    def attention_name(self, part: str, layer: int, kind: str = "weights") -> str:
        """The hook name of one layer's attention tensor, e.g. ``decoder.layers.1.cross_attn.hook_weights``
        (a negative ``layer`` counts from the end; the name holds its non-negative number)."""
        return attention_hook(part, self.layer_index(part, layer), kind)

    # slicing
    def attention(
        self,
        part: str,
        layer: int,
        head: int | None = None,
        batch: int = 0,
        kind: str = "weights",
    ) -> Tensor:
        """One layer's attention for one batch item: [head, query, key], or [query, key] for one head.

        ``kind`` is "weights" (after softmax), "scores" (before the mask) or "masked_scores".
        ``head`` is the model's head number, also when the cache kept only some heads; without
        it the head axis holds the kept heads, in the order of ``self.heads``.
        """
        tensor = self[self.attention_name(part, layer, kind)]
        item = tensor[check_index("batch item", batch, tensor.shape[0], "this batch")]
        if head is None:
            return item
        return item[self.head_position(head)]

    def head_position(self, head: int) -> int:
        """Where the model's head ``head`` sits along the cached head axis (an error naming the
        kept heads, and how to capture this one, if it was left out). A negative ``head``
        counts from the end of the model's heads."""
        head = check_index("head", head, self.n_heads, "each attention layer")
        if head not in self.heads:
            raise VizTransformerError(
                f"head {head} was not captured: this cache holds heads {list(self.heads)}. "
                f"Capture it with model.run_with_cache(..., heads={[*self.heads, head]}) "
                f"(or heads=None for every head)."
            )
        return self.heads.index(head)

    def stack_attention(self, part: str, batch: int = 0, kind: str = "weights") -> Tensor:
        """Every layer's attention for one batch item, stacked: [layer, head, query, key].

        The head axis holds the kept heads (``self.heads``, all by default) in that order.
        """
        import torch

        layers = range(self.n_layers(part))
        return torch.stack(
            [self.attention(part, layer, batch=batch, kind=kind) for layer in layers]
        )

    def to_numpy(self) -> dict[str, np.ndarray]:
        """Every captured tensor as a numpy array (on the CPU, detached)."""
        return {name: t.detach().cpu().numpy() for name, t in self._tensors.items()}

    # helpers
    def _check_part(self, part: str) -> str:
        if part not in ATTENTION_PARTS:
            raise VizTransformerError(
                f"unknown attention part {part!r}; choose one of {list(ATTENTION_PARTS)}."
            )
        if self._n_layers_of(part) == 0:
            raise VizTransformerError(
                f"this model has no {part} attention; it has {self.attention_parts}."
            )
        return part

    def _n_layers_of(self, part: str) -> int:
        return len({h.layer for h in map(parse_hook, self.hook_names) if h.part == part})


def check_heads(heads: Sequence[int] | None, n_heads: int) -> tuple[int, ...] | None:
    """``heads`` as a tuple of distinct head numbers in 0 … n_heads − 1 (None: every head; a
    negative number counts from the end, ``-1`` is the last head), or an error naming the
    valid range, so a bad request fails before any forward pass."""
    if heads is None:
        return None
    chosen = [] if isinstance(heads, (str, bytes)) or not isinstance(heads, Iterable) else heads
    chosen = [check_index("head", h, n_heads, "each attention layer") for h in chosen]
    if not chosen:
        raise VizTransformerError(
            f"heads must be a non-empty list of head numbers such as [0], got {heads!r}: "
            f"each attention layer has {n_heads} heads (0 to {n_heads - 1})."
        )
    if len(set(chosen)) != len(chosen):
        raise VizTransformerError(f"heads {chosen} repeats a head; list each head once.")
    return tuple(chosen)
