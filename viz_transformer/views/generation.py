"""Step-by-step generation as data: what the decoder saw and chose at each step.

At step t the decoder's input is ``<bos> y_1 … y_{t}``; its last position's logits give
P(y_{t+1}) = softmax(logits / T); the chosen token is appended and the input grows by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..errors import VizTransformerError
from ..model.generation import GenerationResult
from ..tokenizers import Tokenizer
from .selection import as_numpy, check_index


@dataclass(frozen=True)
class GenerationStep:
    """One decoding step: attention of one layer and head (or their mean) and the choice.

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
    head: int | None = None,
    k: int = 5,
    temperature: float = 1.0,
    source_ids: torch.Tensor | None = None,
) -> GenerationStep:
    """The data of decoding step ``step`` (0-based) of ``result`` (generated with caches).

    ``layer=-1`` means the last decoder layer; ``head=None`` the mean over heads; ``temperature`` reshapes the probabilities shown
    (it does not change which token ``result`` chose).

    >>> vt.views.generation_step(result, tokenizer, step=2)
    """
    if not result.caches:
        raise VizTransformerError(
            "this generation kept no caches; call model.generate(ids, return_caches=True, "
            "names='*.hook_weights')."
        )
    step = check_index("step", step, len(result.caches), "this generation")
    cache = result.caches[step]
    n_layers = cache.n_layers("decoder")
    layer = check_index("layer", layer % n_layers if layer < 0 else layer, n_layers, "the decoder")
    has_cross = "cross" in cache.attention_parts
    decoder_ids = result.ids[0, : cache.output.shape[1]]
    probs = torch.softmax(cache.output[0, -1] / max(temperature, 1e-6), dim=-1)
    top = probs.topk(min(k, probs.numel()))
    chosen_id = int(result.ids[0, cache.output.shape[1]])
    return GenerationStep(
        step=step,
        n_steps=len(result.caches),
        decoder_tokens=tokenizer.pieces(decoder_ids),
        source_tokens=tokenizer.pieces(source_ids[0]) if source_ids is not None else None,
        self_weights=_one_head(cache.attention("decoder", layer), head),
        cross_weights=_one_head(cache.attention("cross", layer), head) if has_cross else None,
        top_tokens=tokenizer.pieces(top.indices),
        top_probs=as_numpy(top.values),
        chosen=tokenizer.piece(chosen_id),
        title=f"step {step + 1} of {len(result.caches)}: writes {tokenizer.piece(chosen_id)!r}",
    )


def _one_head(weights: torch.Tensor, head: int | None) -> np.ndarray:
    """[head, q, k] → one head's [q, k], or the mean over heads when ``head`` is None."""
    if head is None:
        return as_numpy(weights.mean(dim=0))
    return as_numpy(weights[check_index("head", head, weights.shape[0], "each layer")])
