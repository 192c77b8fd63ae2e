"""Step-by-step generation: the decoder's input grows by one token per step until <eos>."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import torch
from torch import Tensor

from ..errors import VizTransformerError
from ..hooks.cache import ActivationCache
from ..hooks.names import NameFilter

if TYPE_CHECKING:
    from .transformer import Transformer


@dataclass
class GenerationResult:
    """The generated ids [batch, length] (starting with <bos> for encoder-decoder, with the
    prompt for decoder-only; <pad> after a sequence's <eos>) and, if asked, one cache per step."""

    ids: Tensor
    caches: list[ActivationCache] = field(default_factory=list)
    finished: Tensor | None = None


def next_token(
    logits: Tensor,
    temperature: float = 0.0,
    top_k: int | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Pick one id per row of ``logits`` [batch, vocab]: argmax when temperature is 0, else a
    sample from softmax(logits / temperature) restricted to the ``top_k`` most likely ids."""
    if temperature < 0:
        raise VizTransformerError(f"temperature must be >= 0, got {temperature}.")
    if temperature == 0:
        return logits.argmax(dim=-1)
    scaled = logits / temperature
    if top_k is not None:
        if top_k < 1:
            raise VizTransformerError(f"top_k must be at least 1, got {top_k}.")
        kth = scaled.topk(min(top_k, scaled.shape[-1]), dim=-1).values[..., -1:]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    probs = torch.softmax(scaled, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


def generate(
    model: Transformer,
    ids: Tensor,
    max_new_tokens: int | None = None,
    return_caches: bool = False,
    names: NameFilter = None,
    temperature: float = 0.0,
    top_k: int | None = None,
    generator: torch.Generator | None = None,
) -> GenerationResult:
    """Generate from source ids (encoder-decoder) or a prompt (decoder-only), one token at a time.

    Stops when every sequence has produced <eos>, after ``max_new_tokens``, or at the
    positional table's end. With ``return_caches`` each step's ActivationCache (hooks
    ``names``) is kept, so a picture can show the decoder's view growing step by step.
    """
    c = model.config
    if c.shape == "encoder-only":
        raise VizTransformerError(
            "an encoder-only (BERT-shaped) model does not generate; call model(ids) for "
            "per-token outputs."
        )
    is_seq2seq = c.shape == "encoder-decoder"
    src = model.check_ids(ids, "source" if is_seq2seq else "prompt")
    if max_new_tokens is not None and max_new_tokens < 1:
        raise VizTransformerError(f"max_new_tokens must be at least 1, got {max_new_tokens}.")
    if not is_seq2seq and bool((src == c.pad_id).any()):
        raise VizTransformerError(
            "the prompt contains <pad>: generate reads the next token after the last column, "
            "so give prompts of equal length (or one prompt at a time)."
        )
    out = torch.full((src.shape[0], 1), c.bos_id, dtype=torch.long) if is_seq2seq else src
    room = c.max_len - out.shape[1]
    steps = room if max_new_tokens is None else min(max_new_tokens, room)
    finished = torch.zeros(out.shape[0], dtype=torch.bool)
    caches: list[ActivationCache] = []
    memory = None
    if is_seq2seq and not return_caches:  # the source does not change: encode it once
        with torch.no_grad():
            memory = model.encode(src)
    for _ in range(steps):
        if return_caches:  # every step's cache holds the encoder's tensors too
            cache = model.run_with_cache(*((src, out) if is_seq2seq else (out,)), names=names)
            caches.append(cache)
            logits = cache.output[:, -1]
        else:
            with torch.no_grad():
                hidden = model.decode(out, memory, src) if is_seq2seq else model.decode(out)
                logits = model.head(hidden)[:, -1]
        chosen = next_token(logits, temperature, top_k, generator)
        chosen = chosen.masked_fill(finished, c.pad_id)
        out = torch.cat([out, chosen[:, None]], dim=1)
        finished |= chosen == c.eos_id
        if finished.all():
            break
    return GenerationResult(out, caches, finished)
