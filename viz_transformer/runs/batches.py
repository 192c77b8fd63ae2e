"""Texts run side by side in one padded batch, each stack fed as it was trained: for pictures
that compare a text alone with the same text in company (LayerNorm against BatchNorm)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from ..hooks.cache import ActivationCache
from ..hooks.names import NameFilter
from ..model import Transformer
from ..tokenizers import Tokenizer
from .layout import trained_ids


@dataclass(frozen=True)
class BatchRun:
    """One forward pass over a right-padded batch: the rows' ids (unpadded), the padded
    inputs the model read, and the captured cache."""

    rows: list[list[int]]
    inputs: tuple[Tensor, ...]
    cache: ActivationCache


def padded_inputs(
    model: Transformer, rows: Sequence[Sequence[int]], stack: str
) -> tuple[Tensor, ...]:
    """The rows right-padded with <pad> into one ``[batch, seq]`` tensor fed to ``stack``. In an
    encoder-decoder the decoder's rows also serve as the source; the encoder's rows go with a
    decoder that reads <bos> alone."""
    width = max(map(len, rows))
    ids = torch.tensor([[*row, *[model.config.pad_id] * (width - len(row))] for row in rows])
    if model.config.shape != "encoder-decoder":
        return (ids,)
    if stack == "decoder":
        return ids, ids
    return ids, torch.full((len(rows), 1), model.config.bos_id)  # [batch, 1]


def run_batch(
    model: Transformer, tokenizer: Tokenizer, texts: Sequence[str], stack: str, names: NameFilter
) -> BatchRun:
    """``texts`` as one padded batch through ``stack``, capturing ``names``."""
    rows = [trained_ids(model, tokenizer, text, stack) for text in texts]
    inputs = padded_inputs(model, rows, stack)
    return BatchRun(rows, inputs, model.run_with_cache(*inputs, names=names))
