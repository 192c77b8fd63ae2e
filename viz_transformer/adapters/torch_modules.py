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

For the explorers, ``(model, ModuleInput((src, tgt), src_tokens, tgt_tokens))`` is a model
choice: ``module_run`` records it on those inputs and names what it recorded as our hooks
(``…multihead_attn`` or ``…cross_attn`` → cross, other paths under ``decoder`` → decoder; any
other single stack → "decoder" if causal, else "encoder").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor, nn

from ..errors import VizTransformerError
from ..runs.text_run import TextRun
from .text_runs import self_attention_part, text_run

# MultiheadAttention.forward's parameters after (query, key, value), for positional calls
_MHA_PARAMETERS = ("key_padding_mask", "need_weights", "attn_mask", "average_attn_weights")


@dataclass(frozen=True)
class ModuleInput:
    """What a ``torch.nn`` model reads and how to label it: ``inputs`` are passed to the
    model as ``model(*inputs, **options)``; ``source_tokens`` label the first input's positions
    (the encoder's, or the only stack's); ``target_tokens`` the decoder's, for a model with
    one (and ``written_tokens``, the cross-attention rows, default to them).

    >>> src, tgt = torch.randn(1, 3, 16), torch.randn(1, 2, 16)
    >>> ModuleInput((src, tgt), ["I", "am", "here"], ["<bos>", "je"])
    """

    inputs: tuple[Tensor, ...]
    source_tokens: Sequence[str]
    target_tokens: Sequence[str] | None = None
    written_tokens: Sequence[str] | None = None
    options: dict[str, Any] = field(default_factory=dict)


def module_run(model: nn.Module, given: ModuleInput) -> TextRun:
    """Record ``model``'s attention on ``given.inputs`` into a run with our hook names (in
    evaluation mode, so dropout leaves the weights as the model computes them; restored after)."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), record_attention(model) as recorded:
            output = model(*given.inputs, **given.options)
    finally:
        model.train(was_training)
    groups = group_by_part(recorded)
    attention = {(_part_of(key, layers), "weights"): layers for key, layers in groups.items()}
    if len(attention) < len(groups):
        raise VizTransformerError(
            f"the attention modules {sorted(groups)} cannot be told apart as encoder, decoder "
            f"and cross-attention: name them as nn.Transformer does (encoder.layers.N.self_attn, "
            f"decoder.layers.N.self_attn, decoder.layers.N.multihead_attn)."
        )
    source = list(given.source_tokens)
    target = list(given.target_tokens) if given.target_tokens is not None else source
    written = list(given.written_tokens) if given.written_tokens is not None else target
    output = output if isinstance(output, Tensor) else None
    return text_run(attention, source, target, written, " ".join(source), given.inputs, output)


def _part_of(key: str, layers: tuple[Tensor, ...]) -> str:
    """Our attention part for a group of recorded modules ("decoder.layers.*.multihead_attn")."""
    if "multihead_attn" in key or "cross" in key:
        return "cross"
    if "decoder" in key:
        return "decoder"
    if "encoder" in key:
        return "encoder"
    return self_attention_part(layers)


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
