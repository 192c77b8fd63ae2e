"""Step-by-step generation as data: what the decoder saw and chose at each step.

At step t the decoder's input is ``<bos> y_1 … y_{t}``; its last position's logits give
P(y_{t+1}) = softmax(logits / T); the chosen token is appended and the input grows by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ...errors import VizTransformerError
from ...model import GenerationResult
from ...tokenizers import Tokenizer
from ..common.attention_source import chosen_heads
from ..common.selection import HeadChoice, as_numpy, check_index


@dataclass(frozen=True)
class GenerationStep:
    """One decoding step: attention of one layer as ``head`` chose it (a head, the mean over
    listed heads, or the mean or max over every head) and the choice.

    ``self_weights`` [t, t] is the decoder's self-attention; ``cross_weights`` [t, source]
    the cross-attention (None for decoder-only); ``top_probs`` are the
    ``k`` largest probabilities of softmax(logits / temperature), best first.
    """

    step: int
    n_steps: int
    decoder_tokens: list[str]
    source_tokens: list[str] | None
    self_weights: np.ndarray
    cross_weights: np.ndarray | None
    top_tokens: list[str]
    top_probs: np.ndarray
    chosen: str
    title: str


def generation_step(
    result: GenerationResult,
    tokenizer: Tokenizer,
    step: int,
    layer: int = -1,
    head: HeadChoice = "mean",
    k: int = 5,
    temperature: float = 1.0,
    source_ids: torch.Tensor | None = None,
) -> GenerationStep:
    """The data of decoding step ``step`` (0-based) of ``result`` (generated with caches).

    ``layer`` counts from the end when negative (``-1``, the default: the last decoder layer);
    ``head`` is an index (negative counts from the end), a list of indices (their mean),
    "mean" (the default) or "max"; the title names both. ``temperature`` reshapes the
    probabilities shown (it does not change which token ``result`` chose).

    >>> vt.views.generation_step(result, tokenizer, step=2)
    """
    if not result.caches:
        raise VizTransformerError(
            "this generation kept no caches; call model.generate(ids, return_caches=True, "
            "names='*.hook_weights')."
        )
    step = check_index("step", step, len(result.caches), "this generation")
    cache = result.caches[step]
    layer = check_index("layer", layer, cache.n_layers("decoder"), "the decoder")
    self_weights, which = chosen_heads(cache, "decoder", layer, head)
    has_cross = "cross" in cache.attention_parts
    cross_weights = chosen_heads(cache, "cross", layer, head)[0] if has_cross else None
    decoder_ids = result.ids[0, : cache.output.shape[1]]
    probs = torch.softmax(cache.output[0, -1] / max(temperature, 1e-6), dim=-1)
    top = probs.topk(min(k, probs.numel()))
    chosen_id = int(result.ids[0, cache.output.shape[1]])
    return GenerationStep(
        step=step,
        n_steps=len(result.caches),
        decoder_tokens=tokenizer.pieces(decoder_ids),
        source_tokens=tokenizer.pieces(source_ids[0]) if source_ids is not None else None,
        self_weights=self_weights.astype(np.float64),
        cross_weights=None if cross_weights is None else cross_weights.astype(np.float64),
        top_tokens=tokenizer.pieces(top.indices),
        top_probs=as_numpy(top.values),
        chosen=tokenizer.piece(chosen_id),
        title=f"step {step + 1} of {len(result.caches)}: writes {tokenizer.piece(chosen_id)!r} "
        f"· decoder layer {layer}, {which}",
    )
