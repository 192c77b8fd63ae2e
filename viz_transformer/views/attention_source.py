"""Where attention comes from: our cache, or any model's weights, read the same way.

A view asks for one layer's heads ``[head, query, key]`` or every layer ``[layer, head, query,
key]``; the source may be

- an ``ActivationCache`` (``part`` picks encoder, decoder or cross; a hook that was not
  captured is refused with the name to capture). Views of every head need a cache of every
  head; one head (``head_matrix``) is read by the model's head number from any cache;
- a bertviz-style tuple or list with one ``[batch, head, query, key]`` tensor per layer (what
  Hugging Face models return with ``output_attentions=True``, or what
  ``viz_transformer.adapters.record_attention`` records from ``torch.nn`` modules);
- one ``[layer, head, query, key]`` array or tensor (numpy or torch).

For the last two, ``part`` only names the attention in titles; ``batch`` picks the batch item
of the tuple form.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from torch import Tensor

from ..errors import VizTransformerError
from ..hooks.cache import ActivationCache
from .selection import check_index

# what a Hugging Face model with SDPA or flash attention returns for output_attentions=True
NO_WEIGHTS = (
    "the attention tuple holds no weights: give one [batch, head, query, key] tensor per layer. "
    "A Hugging Face model whose attention runs as SDPA or flash attention returns none; load or "
    'build it with attn_implementation="eager" (e.g. AutoModel.from_pretrained(name, '
    'attn_implementation="eager")) and call it with output_attentions=True.'
)

AttentionSource = ActivationCache | Sequence[Tensor] | Sequence[np.ndarray] | Tensor | np.ndarray


def layer_attention(
    source: AttentionSource, part: str, layer: int, batch: int = 0, kind: str = "weights"
) -> np.ndarray:
    """One layer's heads, ``[head, query, key]`` (floats as stored), from any attention source."""
    if isinstance(source, ActivationCache):
        return _numpy(_every_head(source).attention(part, layer, batch=batch, kind=kind))
    layers = _layers(source)
    check_index("layer", layer, len(layers), f"this {part} attention")
    return _layer_item(layers[layer], layer, batch)


def attention_stack(
    source: AttentionSource, part: str, batch: int = 0, kind: str = "weights"
) -> np.ndarray:
    """Every layer's heads, ``[layer, head, query, key]`` (floats as stored), from any source."""
    if isinstance(source, ActivationCache):
        return _numpy(_every_head(source).stack_attention(part, batch=batch, kind=kind))
    layers = _layers(source)
    return np.stack([_layer_item(tensor, i, batch) for i, tensor in enumerate(layers)])


def head_matrix(
    source: AttentionSource, part: str, layer: int, head: int, batch: int = 0
) -> np.ndarray:
    """Head ``head``'s ``[query, key]`` weights of one layer: the model's head number, also
    for a cache that kept only some heads."""
    if isinstance(source, ActivationCache):
        return _numpy(source.attention(part, layer, head=head, batch=batch))
    weights = layer_attention(source, part, layer, batch)
    return weights[check_index("head", head, weights.shape[0], "each attention layer")]


def _every_head(cache: ActivationCache) -> ActivationCache:
    """``cache`` if it holds every head: views of all heads label and combine them by
    position, which a cache of chosen heads would silently get wrong."""
    if not cache.has_every_head:
        raise VizTransformerError(
            f"this view needs every head, but the cache holds heads {list(cache.heads)} of "
            f"{cache.n_heads}. Capture with run_with_cache(..., heads=None), or view one head "
            f"of those kept (head_attention(cache, part, layer, head={cache.heads[0]}))."
        )
    return cache


def _layers(source: AttentionSource) -> Sequence:
    """The per-layer items of a tuple/list source, or the layers of a 4-D array."""
    if isinstance(source, (tuple, list)):
        if not source or any(item is None for item in source):
            raise VizTransformerError(NO_WEIGHTS)
        return source
    array = _numpy(source)
    if array.ndim != 4:
        raise VizTransformerError(
            f"an attention array must be [layer, head, query, key], got shape {array.shape}; "
            "a bertviz-style source is a tuple of [batch, head, query, key] tensors, one per layer."
        )
    return [item[None] for item in array]  # [1, head, query, key] per layer, like the tuple form


def _layer_item(tensor: Tensor | np.ndarray, layer: int, batch: int) -> np.ndarray:
    array = _numpy(tensor)
    if array.ndim != 4:
        raise VizTransformerError(
            f"layer {layer} of the attention tuple has shape {array.shape}; each layer must be "
            "[batch, head, query, key]."
        )
    check_index("batch item", batch, array.shape[0], "this batch")
    return array[batch]


def _numpy(value: Tensor | np.ndarray) -> np.ndarray:
    """A float array sharing the tensor's memory where it can: a 2048-token layer is 200 MB
    in float32, and converting it to float64 took 2 s for one head's picture."""
    if isinstance(value, Tensor):
        value = value.detach().cpu().numpy()
    array = np.asarray(value)
    return array if array.dtype.kind == "f" else array.astype(np.float64)
