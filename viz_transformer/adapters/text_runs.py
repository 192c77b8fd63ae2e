"""What every adapter hands back: a ``TextRun`` whose cache holds our hook names.

An adapter reads a model of another library into ``{part: (layer 0, layer 1, …)}`` of
``[batch, head, query, key]`` weights (and, where it can, queries and keys ``[batch, head,
pos, d_head]``); ``text_run`` names them as our own model would
(``decoder.layers.1.cross_attn.hook_weights``), so every view reads them as it reads ours.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor

from ..errors import VizTransformerError
from ..hooks.cache import ActivationCache
from ..hooks.names import attention_hook
from ..runs.text_run import TextRun, Words


def text_run(
    attention: dict[tuple[str, str], Sequence[Tensor]],
    source_tokens: list[str],
    target_tokens: list[str],
    written_tokens: list[str],
    output_text: str,
    inputs: tuple[Tensor, ...],
    output: Tensor | None = None,
    words: dict[str, Words] | None = None,
) -> TextRun:
    """A run from ``{(part, kind): per-layer tensors}``, kind "weights", "q" or "k"."""
    tensors = {
        attention_hook(part, layer, kind): tensor.detach().float().cpu()
        for (part, kind), layers in attention.items()
        for layer, tensor in enumerate(layers)
    }
    n_heads = {t.shape[1] for (_, kind), ts in attention.items() if kind == "weights" for t in ts}
    if len(n_heads) != 1:
        raise VizTransformerError(
            f"the model's attention layers have different numbers of heads ({sorted(n_heads)}): "
            f"the pictures show models whose layers all have one head count."
        )
    cache = ActivationCache(tensors, list(tensors), n_heads.pop(), output)
    return TextRun(inputs, cache, source_tokens, target_tokens, written_tokens, output_text,
                   words=words)  # fmt: skip


def self_attention_part(layers: Sequence[Tensor]) -> str:
    """ "decoder" for causal self-attention (nothing above the diagonal in any layer, as a
    decoder's mask leaves it), else "encoder": read from the weights themselves, since a
    model's class does not always say (GPT2Model and BertModel both just "run")."""
    for weights in layers:  # [batch, head, query, key]
        above = torch.triu(torch.ones(weights.shape[-2:], dtype=torch.bool), diagonal=1)
        if bool((weights[..., above] > 0).any()):
            return "encoder"
    return "decoder"
