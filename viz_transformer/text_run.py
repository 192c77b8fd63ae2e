"""From a text to everything a picture of it needs: the ids each stack reads, the model's
output, the captured cache, and the token labels of every attention part.

The layout is the one the shipped models were trained with (see ``training.batches``):
encoder-decoder reads ``text <eos>`` and its decoder is fed its own greedy output from
``<bos>`` (up to, not including, its ``<eos>``); decoder-only reads ``<bos> text`` (and may continue it); encoder-only reads
``<bos> text``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from .hooks.cache import ActivationCache
from .hooks.names import NameFilter
from .model import Transformer
from .tokenizers import Tokenizer


@dataclass(frozen=True)
class TextRun:
    """One forward pass over a text, with labels for every axis a picture can show."""

    inputs: tuple[Tensor, ...]
    cache: ActivationCache
    source_tokens: list[str]
    target_tokens: list[str]
    written_tokens: list[str]
    output_text: str

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
    shape = model.config.shape
    if shape == "encoder-decoder":
        src = torch.tensor([tokenizer.encode(text, add_eos=True)])
        generated = model.generate(src, max_new_tokens=max_new_tokens).ids
        tgt = generated[:, :-1]  # the decoder's inputs; each position writes the next id
        cache = model.run_with_cache(src, tgt, names=names)
        written = tokenizer.pieces(generated[0, 1:])
        source, target = tokenizer.pieces(src[0]), tokenizer.pieces(tgt[0])
        output = tokenizer.decode(generated[0])
        return TextRun((src, tgt), cache, source, target, written, output)
    ids = torch.tensor([tokenizer.encode(text, add_bos=True)])
    if shape == "decoder-only" and max_new_tokens:
        ids = model.generate(ids, max_new_tokens=max_new_tokens).ids
    cache = model.run_with_cache(ids, names=names)
    tokens = tokenizer.pieces(ids[0])
    written = tokenizer.pieces(cache.output[0].argmax(-1))
    return TextRun((ids,), cache, tokens, tokens, written, tokenizer.decode(ids[0]))
