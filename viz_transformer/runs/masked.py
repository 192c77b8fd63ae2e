"""A text run for the mask pictures: the source, the model's own answer as the decoder's input,
and either padded with <pad> tokens, as when the text shares a batch with a longer one."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from ..hooks.cache import ActivationCache
from ..hooks.names import NameFilter
from ..model import Transformer
from ..tokenizers import Tokenizer
from .layout import trained_ids
from .text_run import refuse_non_finite_weights


@dataclass(frozen=True)
class MaskRun:
    """The padded (source, decoder input) pair the model read, its cache, and their tokens."""

    inputs: tuple[Tensor, Tensor]
    cache: ActivationCache
    source_tokens: list[str]
    target_tokens: list[str]


def run_padded(
    model: Transformer,
    tokenizer: Tokenizer,
    text: str,
    padding: int,
    pad_source: bool,
    pad_target: bool,
    names: NameFilter,
) -> MaskRun:
    """Run an encoder-decoder on ``text <eos>`` and its own greedy answer, after appending
    ``padding`` <pad> tokens to the source and/or the decoder's input; capture ``names``."""
    refuse_non_finite_weights(model)  # a NaN picture is an empty picture
    source = trained_ids(model, tokenizer, text)
    room = max(1, model.config.max_len - 1 - padding)  # leave room for the padding
    answer = model.generate(torch.tensor([source]), max_new_tokens=room).ids[0, :-1].tolist()
    pads = [tokenizer.pad_id] * padding
    src = torch.tensor([source + pads * pad_source])  # [1, source + padding]
    tgt = torch.tensor([answer + pads * pad_target])  # [1, answer + padding]
    cache = model.run_with_cache(src, tgt, names=names)
    return MaskRun((src, tgt), cache, tokenizer.pieces(src[0]), tokenizer.pieces(tgt[0]))
