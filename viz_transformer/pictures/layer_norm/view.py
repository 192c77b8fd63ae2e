"""What each LayerNorm does to each token, and the γ and β it learned.

    LN(x) = γ · (x − μ) / √(σ² + ε) + β,   μ = mean_j x_j,   σ² = mean_j (x_j − μ)²

μ and σ² are taken over one token's d_model features: every token enters with its own
mean and variance and leaves with mean ≈ mean(β) and variance ≈ mean(γ²) (exactly 0 and 1
before γ and β), whatever its neighbours are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from torch import Tensor

from ...errors import VizTransformerError
from ...hooks.cache import ActivationCache
from ...hooks.names import HookName, parse_hook
from ...model import Transformer
from ..common.selection import as_numpy, batch_item, check_index, n_stack_layers, token_labels


@dataclass(frozen=True)
class LayerNormStatistics:
    """Per-token mean and variance over features, before (``hook_in``) and after
    (``hook_out``) each LayerNorm of a stack: arrays [norm, token], norms in forward order."""

    norms: list[str]
    mean_in: np.ndarray
    var_in: np.ndarray
    mean_out: np.ndarray
    var_out: np.ndarray
    tokens: list[str]
    title: str

    @property
    def short_names(self) -> list[str]:
        """ "0.ln1", "0.ln2", …, "ln_final": the norms as an axis reads them."""
        hooks = [parse_hook(f"{path}.hook_in") for path in self.norms]
        return [h.module if h.layer is None else f"{h.layer}.{h.module}" for h in hooks]


@dataclass(frozen=True)
class LayerNormParameters:
    """γ (``weight``) and β (``bias``) of one LayerNorm, [d_model] each."""

    gamma: np.ndarray
    beta: np.ndarray
    title: str


def token_statistics(x: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """(μ, σ²) over the last dimension of ``x``: the biased variance normalisation uses."""
    values = as_numpy(x)
    return values.mean(axis=-1), values.var(axis=-1)


def layer_norm_paths(
    cache: ActivationCache, stack: str, layers: Sequence[int] | None = None
) -> list[str]:
    """The module paths of the LayerNorms of ``layers`` of ``stack`` (all by default; ``-1``
    is the last layer), in forward order, with the stack's final LayerNorm (pre-norm models)
    when all are asked for."""
    n_layers = n_stack_layers(cache, stack)
    chosen = range(n_layers) if layers is None else layers
    chosen = [check_index("layer", layer, n_layers, f"the {stack}") for layer in chosen]
    paths = [
        hook.path
        for hook in map(parse_hook, cache.hook_names)
        if hook.stack == stack and hook.layer in chosen and _is_block_norm(hook)
    ]
    final = f"{stack}.ln_final"  # the module path; its hooks are f"{final}.hook_*"
    if layers is None and f"{final}.hook_in" in cache.hook_names:
        paths.append(final)
    if not paths:
        raise VizTransformerError(f"no LayerNorm selected: choose at least one {stack} layer.")
    return paths


def _is_block_norm(hook: HookName) -> bool:
    """True for the input hook of a block's LayerNorm (``ln1``, ``ln2``, ``ln3``)."""
    return hook.kind == "in" and re.fullmatch(r"ln\d", hook.module or "") is not None


def layer_norm_statistics(
    cache: ActivationCache,
    stack: str = "encoder",
    batch: int = 0,
    tokens: Sequence[str] | None = None,
    layers: Sequence[int] | None = None,
) -> LayerNormStatistics:
    """Mean and variance of every token before and after each LayerNorm of ``layers``.

    Needs each LayerNorm's ``hook_in`` and ``hook_out`` (``names="{stack}.*ln*.hook_*"``).

    >>> vt.views.layer_norm_statistics(run.cache, "encoder")
    """
    paths = layer_norm_paths(cache, stack, layers)
    before = [token_statistics(batch_item(cache[f"{p}.hook_in"], batch)) for p in paths]
    after = [token_statistics(batch_item(cache[f"{p}.hook_out"], batch)) for p in paths]
    n_tokens = before[0][0].shape[0]
    return LayerNormStatistics(
        norms=paths,
        mean_in=np.stack([mean for mean, _ in before]),
        var_in=np.stack([var for _, var in before]),
        mean_out=np.stack([mean for mean, _ in after]),
        var_out=np.stack([var for _, var in after]),
        tokens=token_labels(tokens, n_tokens),
        title=f"{stack}: each token's mean and variance before and after each LayerNorm",
    )


def layer_norm_parameters(
    model: Transformer, stack: str = "encoder", layer: int = 0, norm: str = "ln1"
) -> LayerNormParameters:
    """γ and β of ``{stack}.layers.{layer}.{norm}`` (``norm="ln_final"``: the stack's last;
    ``layer=-1``: the last layer, named by its non-negative number).

    >>> vt.views.layer_norm_parameters(model, "encoder", layer=0)
    """
    if stack not in ("encoder", "decoder") or not hasattr(model, stack):
        present = [s for s in ("encoder", "decoder") if hasattr(model, s)]
        raise VizTransformerError(f"this model has no {stack!r} stack; it has {present}.")
    stack_module = getattr(model, stack)
    if norm == "ln_final":
        path, owner = f"{stack}.ln_final", stack_module
    else:
        layer = check_index("layer", layer, len(stack_module.layers), f"the {stack}")
        path, owner = f"{stack}.layers.{layer}.{norm}", stack_module.layers[layer]
    if not hasattr(owner, norm):
        names = sorted(n for n, _ in owner.named_children() if n.startswith("ln"))
        raise VizTransformerError(f"{path} does not exist; this one has LayerNorms {names}.")
    module = getattr(owner, norm)
    return LayerNormParameters(
        gamma=as_numpy(module.weight),
        beta=as_numpy(module.bias),
        title=f"{path}: γ (scale) and β (shift) per feature",
    )
