"""The layout the shipped models were trained with (``training.batches``): an encoder-decoder's
source is ``text <eos>``; every other input, and an encoder-decoder's decoder, starts with
<bos>. Every run builds its ids here, so a picture never shows a model a layout it never saw."""

from __future__ import annotations

from ..model import Transformer
from ..tokenizers import Tokenizer


def trained_ids(
    model: Transformer, tokenizer: Tokenizer, text: str, stack: str | None = None
) -> list[int]:
    """``text`` as ids in the layout ``stack`` read in training; ``stack=None`` means the stack
    that reads the text (the encoder of an encoder-decoder)."""
    source = model.config.shape == "encoder-decoder" and stack in (None, "encoder")
    return tokenizer.encode(text, add_eos=source, add_bos=not source)
