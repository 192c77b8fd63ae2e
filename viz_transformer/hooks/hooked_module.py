"""Running a model with hooks: capture tensors into a cache, or patch them, scoped.

An intervention is a plain function ``fn(tensor, hook) -> tensor | None``: return a
replacement or nothing. Hooks added here are removed when the block ends, also when the
forward pass raises; hooks a user attached by hand stay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import torch
from torch import Tensor, nn

from ..errors import VizTransformerError
from .cache import ActivationCache, check_heads
from .hook_point import HookPoint, Sink
from .memory import check_capture_fits
from .names import NameFilter, select_names

HookFn = Callable[[Tensor, HookPoint], Tensor | None]


class HookedRootModule(nn.Module):
    """Base class of a model whose HookPoints are named by their module path."""

    def setup_hooks(self) -> None:
        """Name every HookPoint after its path; call at the end of ``__init__``."""
        self._hook_points = {
            name: module for name, module in self.named_modules() if isinstance(module, HookPoint)
        }
        self._sinks: dict[str, Sink] = {}
        for name, point in self._hook_points.items():
            point.name = name
            point.sinks = self._sinks

    @property
    def hook_names(self) -> list[str]:
        """Every hook name of this model, in forward order."""
        return list(self._hook_points)

    def hook_point(self, name: str) -> HookPoint:
        """The HookPoint called ``name`` (an error with suggestions if there is none)."""
        (resolved,) = select_names([name], self.hook_names)
        return self._hook_points[resolved]

    @contextmanager
    def hooks(self, hooks: Sequence[tuple[NameFilter, HookFn]]) -> Iterator[HookedRootModule]:
        """Attach ``(names, fn)`` pairs for the duration of the block, then remove them."""
        hooks = _check_hooks(hooks)
        handles = []
        try:
            for names, fn in hooks:
                for name in select_names(names, self.hook_names):
                    point = self._hook_points[name]
                    handles.append(point.register_forward_hook(_adapt(fn, point)))
            yield self
        finally:
            for handle in handles:
                handle.remove()

    def run_with_hooks(
        self, *inputs: Any, hooks: Sequence[tuple[NameFilter, HookFn]] = (), **kwargs: Any
    ) -> Tensor:
        """One forward pass with temporary hooks (interventions: zero a head, patch a tensor)."""
        with self.hooks(hooks):
            return self(*inputs, **kwargs)

    def run_with_cache(
        self,
        *inputs: Any,
        names: NameFilter = None,
        dtype: torch.dtype | None = None,
        heads: Sequence[int] | None = None,
        hooks: Sequence[tuple[NameFilter, HookFn]] = (),
        **kwargs: Any,
    ) -> ActivationCache:
        """One forward pass that keeps the tensors at ``names`` (all hooks by default).

        ``names`` is a name, a glob (``"*.hook_weights"``), a list of either, or a predicate.
        ``dtype=torch.float16`` halves the memory of what is kept; ``heads=[2, 5]`` keeps only
        those heads of every per-head attention tensor (q, k, v, scores, masked_scores,
        weights, z), in that order; ``cache.heads`` records which. A capture that would not
        fit in memory is refused before the forward pass. ``hooks`` adds interventions, which
        run before capture, so the cache holds the patched tensors (every head of them runs).
        The model's output is ``cache.output``.
        """
        kept_heads = check_heads(heads, self.config.n_heads)
        wanted = select_names(names, self.hook_names)
        dtype = capture_dtype(dtype)
        check_capture_fits(self, wanted, inputs, dtype, kept_heads, kwargs)
        store: dict[str, Tensor] = {}
        # another hook may later patch a tensor in place: then keep copies, not views
        copy = bool(hooks) or any(p.is_active for p in self._hook_points.values())
        capture = _capture_into(store, dtype, kept_heads, copy)
        with self.hooks(hooks), self._sinks_at(wanted, capture), torch.no_grad():
            output = self(*inputs, **kwargs)
        ordered = {name: store[name] for name in self.hook_names if name in store}
        return ActivationCache(ordered, self.hook_names, self.config.n_heads, output, kept_heads)

    @contextmanager
    def _sinks_at(self, names: Sequence[str], sink: Sink) -> Iterator[None]:
        """Hand every tensor at ``names`` to ``sink`` for the block, after the hooks there.

        One dict update instead of a torch hook per name: registering and removing a hook
        costs microseconds, and a hooked point takes ``nn.Module.__call__``'s slow path, which
        a capture of every point of a small model notices. Sinks of an enclosing capture return
        when the block ends.
        """
        enclosing = dict(self._sinks)
        self._sinks.update(dict.fromkeys(names, sink))
        try:
            yield
        finally:
            self._sinks.clear()
            self._sinks.update(enclosing)


def _capture_into(
    store: dict[str, Tensor], dtype: torch.dtype | None, heads: tuple[int, ...] | None, copy: bool
) -> Sink:
    """A sink that stores each tensor under its hook name: detached, cut to ``heads`` on a
    per-head hook, converted to ``dtype``, and copied when ``copy`` and it would still share
    memory with the live tensor."""

    def capture(tensor: Tensor, hook: HookPoint) -> None:
        kept = tensor.detach()
        if heads is not None and hook.head_axis is not None:
            kept = kept.index_select(hook.head_axis, torch.tensor(heads, device=kept.device))
        if dtype is not None:
            kept = kept.to(dtype)
        store[hook.name] = kept.clone() if copy and kept.data_ptr() == tensor.data_ptr() else kept

    return capture


def capture_dtype(dtype: object) -> torch.dtype | None:
    """The floating-point dtype a capture converts to: a torch dtype or its name ("float16",
    "torch.bfloat16"), None to keep the model's; anything else is refused with the choices."""
    if dtype is None:
        return None
    if isinstance(dtype, str):
        dtype = getattr(torch, dtype.removeprefix("torch."), dtype)
    if isinstance(dtype, torch.dtype) and dtype.is_floating_point:
        return dtype
    raise VizTransformerError(
        f"dtype={dtype!r} cannot hold captured activations; give a floating-point dtype: "
        f'torch.float16 (or "float16", half the memory), torch.bfloat16, torch.float32, '
        f"or None to keep the model's."
    )


def _check_hooks(hooks: object) -> list[tuple[NameFilter, HookFn]]:
    """``hooks`` as a list of (names, fn) pairs, or an error showing the expected form."""
    example = "hooks=[('encoder.layers.0.hook_resid_post', fn)] with fn(tensor, hook)"
    if isinstance(hooks, tuple) and len(hooks) == 2 and callable(hooks[1]):
        raise VizTransformerError(
            f"hooks must be a list of (names, fn) pairs, got one pair: write hooks=[{hooks!r}] "
            f"(a list around it)."
        )
    try:
        pairs = list(hooks)  # type: ignore[call-overload]
    except TypeError:
        raise VizTransformerError(
            f"hooks must be a list of (names, fn) pairs: {example}."
        ) from None
    for pair in pairs:
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and callable(pair[1])):
            raise VizTransformerError(
                f"each hook must be a pair (names, fn) with a callable fn, got {pair!r}: {example}."
            )
    return pairs


def _adapt(fn: HookFn, point: HookPoint) -> Callable[[nn.Module, tuple, Tensor], Tensor | None]:
    """Turn ``fn(tensor, hook)`` into torch's forward-hook signature, refusing a replacement
    the model could not use (or would silently broadcast): a hook must return None or a
    tensor of the shape, dtype and device it was given."""

    def forward_hook(module: nn.Module, args: tuple, output: Tensor) -> Tensor | None:
        result = fn(output, point)
        if result is None or (
            isinstance(result, Tensor)
            and result.shape == output.shape
            and result.dtype == output.dtype
            and result.device == output.device
        ):
            return result
        got = (
            f"a {result.dtype} tensor of shape {list(result.shape)} on {result.device}"
            if isinstance(result, Tensor)
            else f"an object of type {type(result).__name__}"
        )
        name = getattr(fn, "__name__", type(fn).__name__)
        raise VizTransformerError(
            f"the hook function {name!r} at {point.name!r} returned {got}; it must return None "
            f"(after editing the tensor in place) or a tensor like the one it was given: shape "
            f"{list(output.shape)}, dtype {output.dtype}, device {output.device}."
        )

    return forward_hook
