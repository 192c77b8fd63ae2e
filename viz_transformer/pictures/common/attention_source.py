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

Layers, heads and batch items count from the end when negative (``layer=-1``: the last);
``head`` takes the head vocabulary of ``selection`` (an index, a list, "mean" or "max").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from torch import Tensor

from ...errors import VizTransformerError
from ...hooks.cache import ActivationCache
from .selection import HeadChoice, check_head, check_index, combine_heads, head_label

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
    layer = check_index("layer", layer, len(layers), f"this {part} attention")
    return _layer_item(layers[layer], layer, batch)


def layer_number(source: AttentionSource, part: str, layer: int) -> int:
    """``layer`` as the non-negative number titles show (``-1``: the source's last layer), or
    an error naming the layers there are."""
    if isinstance(source, ActivationCache):
        return source.layer_index(part, layer)
    return check_index("layer", layer, len(_layers(source)), f"this {part} attention")


def attention_stack(
    source: AttentionSource, part: str, batch: int = 0, kind: str = "weights"
) -> np.ndarray:
    """Every layer's heads, ``[layer, head, query, key]`` (floats as stored), from any source."""
    if isinstance(source, ActivationCache):
        return _numpy(_every_head(source).stack_attention(part, batch=batch, kind=kind))
    layers = _layers(source)
    return np.stack([_layer_item(tensor, i, batch) for i, tensor in enumerate(layers)])


def layer_heads(
    source: AttentionSource,
    part: str,
    layer: int,
    head: HeadChoice,
    batch: int = 0,
    kind: str = "weights",
) -> tuple[np.ndarray, int | tuple[int, ...] | str, int | tuple[int, ...] | str]:
    """One layer's heads as stored, with ``head`` checked against the model's heads:
    (values ``[kept head, query, key]``, the choice in the model's head numbers, where the
    choice sits along the values' head axis).

    An index or a list reads the model's head numbers, so a cache that kept only some heads
    serves those; "mean" and "max" need every head. ``kind`` ("weights", "scores",
    "masked_scores", "q"...) is read from a cache; other sources hold weights only.
    """
    if isinstance(source, ActivationCache):
        choice = check_head(head, source.n_heads)
        positions = head_positions(source, choice)
        return _numpy(source.attention(part, layer, batch=batch, kind=kind)), choice, positions
    values = layer_attention(source, part, layer, batch)
    choice = check_head(head, values.shape[0])
    return values, choice, choice


def chosen_heads(
    source: AttentionSource,
    part: str,
    layer: int,
    head: HeadChoice,
    batch: int = 0,
    kind: str = "weights",
) -> tuple[np.ndarray, str]:
    """The ``[query, key]`` matrix a picture of one layer shows for ``head`` (one head, the
    mean over a list of heads, or the mean or max over every head) and how its title says so
    ("head 2", "heads 0, 2 (mean)", "mean over heads", "max over heads")."""
    values, choice, positions = layer_heads(source, part, layer, head, batch, kind)
    return combine_heads(values, positions), head_label(choice)


def head_positions(
    cache: ActivationCache, choice: int | tuple[int, ...] | str
) -> int | tuple[int, ...] | str:
    """Where a checked head choice sits along the cache's head axis (``cache.heads``): a head or
    a list by the model's head numbers (an error naming the kept heads if one was left out);
    "mean" and "max" need every head."""
    if isinstance(choice, str):
        _every_head(cache)
        return choice
    if isinstance(choice, tuple):
        return tuple(cache.head_position(h) for h in choice)
    return cache.head_position(choice)


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
    return array[check_index("batch item", batch, array.shape[0], "this batch")]


def _numpy(value: Tensor | np.ndarray) -> np.ndarray:
    """A float array sharing the tensor's memory where it can: a 2048-token layer is 200 MB
    in float32, and converting it to float64 took 2 s for one head's picture."""
    if isinstance(value, Tensor):
        value = value.detach().cpu().numpy()
    array = np.asarray(value)
    return array if array.dtype.kind == "f" else array.astype(np.float64)
