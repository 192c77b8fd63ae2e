"""From a text to everything a picture of it needs: the ids each stack reads, the model's
output, the captured cache, and the token labels of every attention part; and from a text to
the model's answer as text (``generate_text``).

The layout is the one the shipped models were trained with (see ``training.batches``):
encoder-decoder reads ``text <eos>`` and its decoder is fed its own greedy output from
``<bos>`` (up to, not including, its ``<eos>``); decoder-only reads ``<bos> text`` (and may continue it); encoder-only reads
``<bos> text``.

When the model's positional table (``max_len``) ends the output before it is finished, the
result says so: ``TextRun.truncated`` and a ``VizTransformerWarning`` (which an explorer shows
in its message line). Non-finite weights or activations are refused with a message, not
drawn as an empty picture.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import torch
from torch import Tensor

from ..errors import VizTransformerError, VizTransformerWarning
from ..hooks.cache import ActivationCache
from ..hooks.names import NameFilter
from ..model import GenerationResult, Transformer
from ..tokenizers import Tokenizer
from .layout import trained_ids


@dataclass(frozen=True)
class Words:
    """How the pieces along one axis group into words: piece ``i`` belongs to word
    ``index[i]``, and word ``w`` reads ``labels[w]`` (its pieces decoded together)."""

    index: tuple[int, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class TextRun:
    """One forward pass over a text, with labels for every axis a picture can show.

    ``words`` (for a subword tokenizer) groups the pieces of each axis, "source", "target"
    and "written", into words, for ``runs.words.merge_words``; None when every piece is a word.

    ``truncated`` is True when the positional table (``max_len``) cut the model's output
    short: an encoder-decoder stopped before writing <eos>, or a decoder-only continuation
    got fewer than the ``max_new_tokens`` asked for. ``stop_reason`` is the generation's
    (see ``GenerationResult``), None when nothing was generated.
    """

    inputs: tuple[Tensor, ...]
    cache: ActivationCache
    source_tokens: list[str]
    target_tokens: list[str]
    written_tokens: list[str]
    output_text: str
    truncated: bool = False
    stop_reason: str | None = None
    words: dict[str, Words] | None = None

    def tokens(self, part: str) -> tuple[list[str], list[str]]:
        """(query labels, key labels) of an attention part: encoder, decoder or cross.

        Cross-attention rows are labelled by the token each decoder position writes, so the
        reverse task's alignment reads "c looks at c"; self-attention rows by the input token.
        """
        if part == "encoder":
            return self.source_tokens, self.source_tokens
        if part == "decoder":
            return self.target_tokens, self.target_tokens
        return self.written_tokens, self.source_tokens


def run_text(
    model: Transformer,
    tokenizer: Tokenizer,
    text: str,
    names: NameFilter = None,
    max_new_tokens: int | None = None,
) -> TextRun:
    """Encode ``text``, let the model produce its output (greedy), and capture ``names``."""
    _check_pair(model, tokenizer)
    shape = model.config.shape
    if shape == "encoder-decoder":
        src = torch.tensor([trained_ids(model, tokenizer, text)])  # [1, source]
        result = _generate(model, src, max_new_tokens)
        generated = result.ids
        tgt = generated[:, :-1]  # the decoder's inputs; each position writes the next id
        cache = _finite(model, model.run_with_cache(src, tgt, names=names))
        written = tokenizer.pieces(generated[0, 1:])
        source, target = tokenizer.pieces(src[0]), tokenizer.pieces(tgt[0])
        output = tokenizer.decode(generated[0])
        truncated = _say_if_cut(model, result, max_new_tokens, len(generated[0]) - 1)
        return TextRun(
            (src, tgt), cache, source, target, written, output, truncated, result.stop_reason
        )
    ids = torch.tensor([trained_ids(model, tokenizer, text)])  # [1, seq]
    truncated, stop_reason = False, None
    if shape == "decoder-only" and max_new_tokens:
        result = _generate(model, ids, max_new_tokens)
        written_count = result.ids.shape[1] - ids.shape[1]
        ids = result.ids
        truncated = _say_if_cut(model, result, max_new_tokens, written_count)
        stop_reason = result.stop_reason
    cache = _finite(model, model.run_with_cache(ids, names=names))
    tokens = tokenizer.pieces(ids[0])
    written = tokenizer.pieces(cache.output[0].argmax(-1))
    output = tokenizer.decode(ids[0])
    return TextRun((ids,), cache, tokens, tokens, written, output, truncated, stop_reason)


def generate_text(
    model: Transformer,
    tokenizer: Tokenizer,
    text: str,
    max_new_tokens: int | None = None,
    temperature: float = 0.0,
    top_k: int | None = None,
    generator: torch.Generator | None = None,
) -> str:
    """The model's answer to ``text``, as text, in the layout the model was trained with.

    >>> import viz_transformer as vt
    >>> model, tokenizer = vt.load_pretrained("reverse")
    >>> vt.generate_text(model, tokenizer, "attention2017")
    '7102noitnetta'
    >>> vt.generate_text(*vt.load_pretrained("count"), "abcab")
    '22122'

    - encoder-decoder: reads ``text <eos>``, writes from <bos> until <eos>; returns what it wrote.
    - decoder-only: reads ``<bos> text`` and continues it (until <eos>, ``max_new_tokens`` or
      the positional table's end); returns the continuation only.
    - encoder-only: reads ``<bos> text``; returns the most likely output at every position of
      the text.

    ``temperature`` 0 is greedy; above 0 samples (from the ``top_k`` most likely ids). When the
    positional table (``max_len``) cuts the answer short a ``VizTransformerWarning`` says so;
    non-finite logits, a text longer than the table, or an empty text raise a
    ``VizTransformerError``. ``run_text`` gives the same answer with every activation.
    """
    _check_pair(model, tokenizer)
    shape = model.config.shape
    if shape == "encoder-only":
        ids = torch.tensor([trained_ids(model, tokenizer, text)])  # [1, seq]
        with torch.no_grad():
            logits = model(ids)
        _refuse_non_finite(model, logits)
        return tokenizer.decode(logits[0, 1:].argmax(-1))
    seq2seq = shape == "encoder-decoder"
    ids = torch.tensor([trained_ids(model, tokenizer, text)])  # [1, seq]
    result = _generate(model, ids, max_new_tokens, temperature, top_k, generator)
    start = 1 if seq2seq else ids.shape[1]  # after <bos>, or after the prompt
    written = result.ids[0, start:]
    _say_if_cut(model, result, max_new_tokens, len(written))
    return tokenizer.decode(written)


def _generate(
    model: Transformer,
    ids: Tensor,
    max_new_tokens: int | None,
    temperature: float = 0.0,
    top_k: int | None = None,
    generator: torch.Generator | None = None,
) -> GenerationResult:
    """``model.generate``, refusing an answer that stopped on non-finite logits."""
    result = model.generate(
        ids, max_new_tokens=max_new_tokens, temperature=temperature, top_k=top_k,
        generator=generator,
    )  # fmt: skip
    if result.stop_reason == "non-finite logits":
        _refuse_non_finite(model, torch.tensor([float("nan")]))
    return result


def _say_if_cut(
    model: Transformer,
    result: GenerationResult,
    max_new_tokens: int | None,
    written: int,
    stacklevel: int = 3,
) -> bool:
    """Warn, and return True, when the positional table ended the output before it was done:
    before <eos> (encoder-decoder), before ``max_new_tokens`` (decoder-only, when asked)."""
    seq2seq = model.config.shape == "encoder-decoder"
    if result.stop_reason != "max_len" or not (seq2seq or max_new_tokens is not None):
        return False
    wanted = "before writing <eos>" if seq2seq else f"after {written} of {max_new_tokens} tokens"
    warnings.warn(
        f"the output was cut {wanted}: the model's positional table holds {model.config.max_len} "
        f"positions (max_len). The text may be longer than the ones the model was trained on "
        f"(try a shorter one), or the model never learnt to stop.",
        VizTransformerWarning,
        stacklevel=stacklevel,
    )
    return True


def _finite(model: Transformer, cache: ActivationCache) -> ActivationCache:
    _refuse_non_finite(model, cache.output)
    return cache


def _non_finite_weight(model: Transformer) -> str | None:
    """The name of the first parameter or buffer holding NaN or infinity, if any."""
    tensors = [*model.named_parameters(), *model.named_buffers()]
    return next((name for name, t in tensors if not bool(torch.isfinite(t).all())), None)


def refuse_non_finite_weights(model: Transformer) -> None:
    """Refuse, naming the weight, a model holding NaN or infinity; checked before any run that
    makes a picture: the fused attention path can turn a NaN weight into finite but wrong
    numbers, so the output alone does not always show it."""
    if _non_finite_weight(model) is not None:
        _refuse_non_finite(model, torch.tensor([float("nan")]))


def _refuse_non_finite(model: Transformer, output: Tensor) -> None:
    """An error, naming a non-finite weight when there is one, if ``output`` is not finite:
    a picture of NaN is an empty picture, and the reader would not know why."""
    if output is None or bool(torch.isfinite(output).all()):
        return
    bad = _non_finite_weight(model)
    cause = (
        f"its weight {bad!r} holds NaN or infinity (reload the model, or lower the learning "
        f"rate that made it diverge)"
        if bad is not None
        else "its weights are finite, so a hook or an extreme input made them (capture "
        "names=None and look for the first hook holding NaN)"
    )
    raise VizTransformerError(f"the model's output is not finite (NaN or infinity): {cause}.")


def _check_pair(model: object, tokenizer: object) -> None:
    """Refuse anything but a viz_transformer model with a tokenizer, saying what to pass."""
    if not isinstance(model, Transformer) or not isinstance(tokenizer, Tokenizer):
        raise VizTransformerError(
            f"expected a viz_transformer Transformer and its Tokenizer, got "
            f"{type(model).__name__} and {type(tokenizer).__name__}: "
            f'model, tokenizer = viz_transformer.load_pretrained("reverse").'
        )
    refuse_non_finite_weights(model)
