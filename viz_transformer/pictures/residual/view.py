"""The residual stream's size through the layers.

Each sublayer adds to the stream, x ← x + Sublayer(x) (pre-norm) or x ← LN(x + Sublayer(x))
(post-norm, the 2017 paper). ‖x‖₂ per token shows the difference: post-norm resets every
token to about √d·rms(γ) after each sublayer; pre-norm lets the stream grow layer by layer,
and the final LayerNorm rescales it once at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...hooks.cache import ActivationCache
from ..common.selection import as_numpy, batch_item, layer_path, n_stack_layers, token_labels

# the points of a layer, in forward order, and how an axis names them
POINTS = {
    "hook_resid_mid": "after self-attention",
    "hook_resid_mid_cross": "after cross-attention",
    "hook_resid_post": "after FFN",
}


@dataclass(frozen=True)
class ResidualNorms:
    """‖x‖₂ of every token at every point of the stream: ``norms`` [point, token]."""

    points: list[str]
    hooks: list[str]
    norms: np.ndarray
    tokens: list[str]
    title: str


def residual_norms(
    cache: ActivationCache,
    stack: str = "encoder",
    batch: int = 0,
    tokens: Sequence[str] | None = None,
) -> ResidualNorms:
    """The L2 norm of each token's residual vector: the stack's input (layer 0's
    ``hook_resid_pre``), then each layer's ``hook_resid_mid`` (``…_mid_cross``) and
    ``hook_resid_post``. Needs those hooks (``names="{stack}.layers.*.hook_resid_*"``).

    >>> vt.views.residual_norms(run.cache, "encoder")
    """
    first = layer_path(cache, stack, 0)
    hooks, points = [f"{first}.hook_resid_pre"], ["input"]
    for layer in range(n_stack_layers(cache, stack)):
        path = layer_path(cache, stack, layer)
        for hook, name in POINTS.items():
            if f"{path}.{hook}" in cache.hook_names:
                hooks.append(f"{path}.{hook}")
                points.append(f"{layer}: {name}")
    norms = np.stack(
        [np.linalg.norm(as_numpy(batch_item(cache[h], batch)), axis=-1) for h in hooks]
    )
    return ResidualNorms(
        points=points,
        hooks=hooks,
        norms=norms,
        tokens=token_labels(tokens, norms.shape[1]),
        title=f"{stack}: size of the residual stream ‖x‖₂ per token through the layers",
    )
