"""Per-head attention weights out of ``torch.nn.MultiheadAttention`` (and so ``nn.Transformer``,
``nn.TransformerEncoderLayer``, ``nn.TransformerDecoderLayer`` and models built from them).

Those modules hide the weights: the layers call attention with ``need_weights=False``, the
module averages over heads by default, and in evaluation the encoder layer may skip the
attention module altogether (a fused "fast path"). While ``record_attention`` is active, a
forward pre-hook on every ``MultiheadAttention`` forces ``need_weights=True,
average_attn_weights=False``, the fast path is switched off, and a forward hook keeps the
[batch, head, query, key] weights by module path. The model's outputs do not change.

    with record_attention(model) as weights:
        model(src, tgt)
    parts = group_by_part(weights)     # {"encoder.layers.*.self_attn": (layer 0, layer 1, …), …}
    attention_grid(parts["decoder.layers.*.multihead_attn"], "cross", tgt_tokens, src_tokens)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
from torch import Tensor, nn

from ..errors import VizTransformerError

# MultiheadAttention.forward's parameters after (query, key, value), for positional calls
_MHA_PARAMETERS = ("key_padding_mask", "need_weights", "attn_mask", "average_attn_weights")


@contextmanager
def record_attention(model: nn.Module) -> Iterator[dict[str, Tensor]]:
    """Yield a dict that fills with {module path: [batch, head, query, key] weights} as the
    model runs inside the block (a module called twice keeps its last call)."""
    if not isinstance(model, nn.Module):
        raise VizTransformerError(
            f"record_attention needs a torch.nn.Module (a model built from "
            f"nn.MultiheadAttention), got {type(model).__name__}."
        )
    modules = {
        name: module
        for name, module in model.named_modules()
        if isinstance(module, nn.MultiheadAttention)
    }
    if not modules:
        raise VizTransformerError(
            f"{type(model).__name__} has no torch.nn.MultiheadAttention inside; for a Hugging "
            "Face model pass output_attentions=True and give its `attentions` tuple to the views."
        )
    recorded: dict[str, Tensor] = {}
    handles = []
    fast_path = torch.backends.mha.get_fastpath_enabled()
    try:
        torch.backends.mha.set_fastpath_enabled(False)
        for name, module in modules.items():
            handles.append(module.register_forward_pre_hook(_ask_for_weights, with_kwargs=True))
            handles.append(module.register_forward_hook(_keep_weights(name, recorded)))
        yield recorded
    finally:
        for handle in handles:
            handle.remove()
        torch.backends.mha.set_fastpath_enabled(fast_path)


def group_by_part(recorded: dict[str, Tensor]) -> dict[str, tuple[Tensor, ...]]:
    """Group recorded weights by their path with the layer number replaced by ``*``, in layer
    order: ``{"encoder.layers.*.self_attn": (w0, w1, …)}``, the tuple form the views take.

    The layers of a group must have one shape (the views stack them into a grid); layers that
    differ (other head counts, other lengths) are refused, naming each layer's shape."""
    groups: dict[str, list[tuple[int, Tensor]]] = {}
    for name, weights in recorded.items():
        match = re.search(r"\.(\d+)(?=\.|$)", name)  # "….layers.3.self_attn" or "….layers.3"
        key = name[: match.start()] + ".*" + name[match.end() :] if match else name
        groups.setdefault(key, []).append((int(match.group(1)) if match else 0, weights))
    grouped = {
        key: tuple(w for _, w in sorted(items, key=lambda x: x[0])) for key, items in groups.items()
    }
    for key, layers in grouped.items():
        shapes = [list(w.shape) for w in layers]
        if any(shape != shapes[0] for shape in shapes):
            listed = ", ".join(f"layer {i}: {shape}" for i, shape in enumerate(shapes))
            raise VizTransformerError(
                f"the layers of {key!r} recorded attention of different shapes "
                f"[batch, head, query, key] ({listed}), so they cannot be drawn as one grid. "
                f"View a layer on its own: head_attention((weights[name],), ...) with a name "
                f"from the recorded dict."
            )
    return grouped


def _ask_for_weights(
    module: nn.Module, args: tuple, kwargs: dict[str, Any]
) -> tuple[tuple, dict[str, Any]]:
    """Move positional options to keywords, then ask for per-head weights."""
    kwargs = {**kwargs, **dict(zip(_MHA_PARAMETERS, args[3:], strict=False))}
    kwargs.update(need_weights=True, average_attn_weights=False)
    return args[:3], kwargs


def _keep_weights(name: str, recorded: dict[str, Tensor]):
    """A forward hook storing the module's weights (output[1]) as [batch, head, query, key]."""

    def hook(module: nn.Module, args: tuple, output: tuple[Tensor, Tensor]) -> None:
        weights = output[1].detach()
        recorded[name] = weights if weights.dim() == 4 else weights.unsqueeze(0)

    return hook
