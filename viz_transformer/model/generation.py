"""y_t = argmax P(· | x, y_<t), or a sample of it: the decoder's input grows by one token per
step until <eos>."""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import torch
from torch import Tensor

from ..errors import VizTransformerError, VizTransformerWarning
from ..hooks.cache import ActivationCache
from ..hooks.names import NameFilter

if TYPE_CHECKING:
    from .transformer import Transformer


# why a generation stopped, in the order ``generate`` checks them
STOP_REASONS = ("eos", "max_new_tokens", "max_len", "non-finite logits")


@dataclass
class GenerationResult:
    """The generated ids [batch, length] (starting with <bos> for encoder-decoder, with the
    prompt for decoder-only; <pad> after a sequence's <eos>) and, if asked, one cache per step.

    ``finished`` marks the sequences that wrote <eos>. ``stop_reason`` says why generation
    stopped: "eos" (every sequence wrote <eos>), "max_new_tokens" (the budget asked for),
    "max_len" (the positional table is full: the output may be cut short) or
    "non-finite logits" (the model produced NaN or infinity, from non-finite weights or a
    hook; the step that did is not appended).
    """

    ids: Tensor
    caches: list[ActivationCache] = field(default_factory=list)
    finished: Tensor | None = None
    stop_reason: str = "eos"


def next_token(
    logits: Tensor,
    temperature: float = 0.0,
    top_k: int | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Pick one id per row of ``logits`` [batch, vocab]: argmax when temperature is 0, else a
    sample from softmax(logits / temperature) restricted to the ``top_k`` most likely ids."""
    check_sampling(temperature, top_k)
    if temperature == 0:
        return logits.argmax(dim=-1)
    scaled = logits / temperature
    if top_k is not None:
        kth = scaled.topk(min(top_k, scaled.shape[-1]), dim=-1).values[..., -1:]  # [batch, 1]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    probs = torch.softmax(scaled, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)  # [batch, 1] → [batch]


def check_sampling(temperature: object, top_k: object) -> None:
    """Refuse a temperature that is not a finite number >= 0, or a top_k that is not a whole
    number >= 1 (or None), before any step runs."""
    if (
        isinstance(temperature, bool)
        or not isinstance(temperature, numbers.Real)
        or not math.isfinite(temperature)
        or temperature < 0
    ):
        raise VizTransformerError(
            f"temperature must be a finite number >= 0, got {temperature!r}: 0 picks the most "
            f"likely token (greedy), 1 samples from the model's probabilities, more flattens them."
        )
    if top_k is not None and (
        isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral) or top_k < 1
    ):
        raise VizTransformerError(
            f"top_k must be a whole number >= 1 (or None for no limit), got {top_k!r}."
        )


def _check_max_new_tokens(value: object) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1
    ):
        raise VizTransformerError(f"max_new_tokens must be at least 1, got {value!r}.")


def _warn_without_eos(src: Tensor, pad_id: int, eos_id: int) -> None:
    """Warn when a source row does not end (before its padding) with <eos>: the layout every
    encoder-decoder here is trained with is ``text <eos>``, and without it the answer is
    garbage ("attention2017" reversed reads "t71702nitntetaa7")."""
    for row, ids in enumerate(src.tolist()):
        kept = [i for i in ids if i != pad_id]
        if kept and kept[-1] != eos_id:
            warnings.warn(
                f"source row {row} does not end with <eos> (id {eos_id}); encoder-decoder models "
                f"here are trained on `text <eos>` and answer garbage without it. Encode with "
                f"tokenizer.encode(text, add_eos=True), or call "
                f"viz_transformer.generate_text(model, tokenizer, text), which does.",
                VizTransformerWarning,
                stacklevel=4,
            )
            return


def _non_finite(logits: Tensor, finished: Tensor) -> bool:
    """True when an unfinished row has NaN or +inf logits, or no finite logit at all (a row
    with some -inf entries, as a hook banning tokens makes, is fine)."""
    rows = logits[~finished]
    return bool((rows.isnan() | rows.isposinf()).any() or (rows == float("-inf")).all(dim=-1).any())


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

    ``ids`` are token ids [batch, seq] (or [seq]) laid out as the model was trained:

    - encoder-decoder: the source ``text <eos>`` (padding after it); the output starts at <bos>.
      A row without <eos> at its end gets a ``VizTransformerWarning``.
    - decoder-only: the prompt ``<bos> text``; the output continues it.

    From a text, ``viz_transformer.generate_text(model, tokenizer, text)`` does the layout::

        >>> model, tokenizer = vt.load_pretrained("reverse")
        >>> src = torch.tensor([tokenizer.encode("attention2017", add_eos=True)])
        >>> tokenizer.decode(model.generate(src).ids[0])
        '7102noitnetta'

    Stops when every sequence has produced <eos>, after ``max_new_tokens``, at the positional
    table's end, or when the model's logits are not finite; ``result.stop_reason`` says which.
    With ``return_caches`` each step's ActivationCache (hooks ``names``) is kept, so a picture
    can show the decoder's view growing step by step. ``temperature`` 0 is greedy; above 0
    samples (from the ``top_k`` most likely ids), with ``generator`` for repeatable draws.
    """
    c = model.config
    if c.shape == "encoder-only":
        raise VizTransformerError(
            "an encoder-only (BERT-shaped) model does not generate; call model(ids) for "
            "per-token outputs."
        )
    is_seq2seq = c.shape == "encoder-decoder"
    src = model.check_ids(ids, "source" if is_seq2seq else "prompt")
    _check_max_new_tokens(max_new_tokens)
    check_sampling(temperature, top_k)
    if is_seq2seq:
        _warn_without_eos(src, c.pad_id, c.eos_id)
    if not is_seq2seq and bool((src == c.pad_id).any()):
        raise VizTransformerError(
            "the prompt contains <pad>: generate reads the next token after the last column, "
            "so give prompts of equal length (or one prompt at a time)."
        )
    out = torch.full((src.shape[0], 1), c.bos_id, dtype=torch.long) if is_seq2seq else src
    room = c.max_len - out.shape[1]
    steps = room if max_new_tokens is None else min(max_new_tokens, room)
    finished = torch.zeros(out.shape[0], dtype=torch.bool)
    stop_reason = "max_len" if max_new_tokens is None or max_new_tokens > room else "max_new_tokens"
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
        if _non_finite(logits, finished):
            stop_reason = "non-finite logits"
            break
        chosen = next_token(logits, temperature, top_k, generator)
        chosen = chosen.masked_fill(finished, c.pad_id)
        out = torch.cat([out, chosen[:, None]], dim=1)  # [batch] → [batch, 1], appended
        finished |= chosen == c.eos_id
        if finished.all():
            stop_reason = "eos"
            break
    return GenerationResult(out, caches, finished, stop_reason)
