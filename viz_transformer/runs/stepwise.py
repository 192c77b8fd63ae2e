"""A text decoded one token at a time with the cache of every step kept: what the step-by-step
generation picture slices (greedy, or sampled with a seeded generator so it can be replayed)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor

from ..hooks.names import NameFilter
from ..model import GenerationResult, Transformer
from ..tokenizers import Tokenizer
from .layout import trained_ids


@dataclass(frozen=True)
class StepwiseRun:
    """The ids the model read (``source``), its generation with per-step caches, and its
    answer as text."""

    source: Tensor
    result: GenerationResult
    output_text: str


def run_stepwise(
    model: Transformer,
    tokenizer: Tokenizer,
    text: str,
    temperature: float = 0.0,
    top_k: int | None = None,
    seed: int = 0,
    names: NameFilter = "*.hook_weights",
) -> StepwiseRun:
    """Generate from ``text`` in the layout the model was trained with (encoder-decoder:
    ``text <eos>``; decoder-only: ``<bos> text``), keeping ``names`` at every step."""
    source = torch.tensor([trained_ids(model, tokenizer, text)])  # [1, seq]
    generator = torch.Generator().manual_seed(seed)
    result = model.generate(
        source, return_caches=True, names=names, temperature=temperature, top_k=top_k,
        generator=generator,
    )  # fmt: skip
    return StepwiseRun(source, result, tokenizer.decode(result.ids[0]))
