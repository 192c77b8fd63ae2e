"""The mask pipeline of one attention head, step by step:

    scores S = QKᵀ/√d_k  →  + mask M (0 where allowed, −∞ where not)  →  S + M  →  softmax

Padding masks hide padded keys, the causal mask hides the future (keys after the query),
cross-attention hides the source's padding, and a padded decoder batch combines causal and
padding. The mask is rebuilt with the model's own mask functions from the ids, and checked
against the −∞ cells the model actually produced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

from ...errors import VizTransformerError
from ...hooks.cache import ActivationCache
from ...model import cross_mask, decoder_self_mask, padding_mask
from ..common.attention_source import chosen_heads
from ..common.panel import Panel
from ..common.selection import HeadChoice, check_index, token_labels

# (without padding, with padding) for each attention part
MASK_NAMES = {
    "encoder": ("no mask (no padding)", "padding"),
    "decoder": ("causal", "causal + padding"),
    "cross": ("cross (no source padding)", "cross (source padding)"),
}


@dataclass(frozen=True)
class MaskPipeline:
    """One head's [query, key] matrices at each step of masking (or each step's matrices of
    several heads combined: their mean, or their max), with their labels.

    ``allowed`` is True where the query may attend to the key; ``masked_scores`` is −∞
    exactly where it is False; ``weights`` are exactly 0 there.
    """

    scores: np.ndarray
    allowed: np.ndarray
    masked_scores: np.ndarray
    weights: np.ndarray
    query_tokens: list[str]
    key_tokens: list[str]
    mask_name: str
    title: str

    @property
    def additive_mask(self) -> np.ndarray:
        """M: 0 where allowed, −∞ where masked, so that masked_scores = scores + M."""
        return np.where(self.allowed, 0.0, -np.inf)

    @property
    def panels(self) -> list[Panel]:
        """The four steps, left to right; the three score panels share the scale ±max|S|."""
        limit = float(np.abs(self.scores).max()) or 1.0  # scores before the mask are finite
        labels = {"x_labels": self.key_tokens, "y_labels": self.query_tokens}
        shared = {"kind": "scores", "vmin": -limit, "vmax": limit, **labels}
        return [
            Panel("S = QKᵀ/√dₖ", self.scores, **shared),
            Panel("mask M", self.additive_mask, **shared),
            Panel("S + M", self.masked_scores, **shared),
            Panel("softmax(S + M)", self.weights, "weights", **labels),
        ]


def part_mask(cache: ActivationCache, part: str, ids: Sequence[Tensor], pad_id: int) -> Tensor:
    """The mask the model applied in ``part``, rebuilt from the ``ids`` given to the model.

    ``ids`` are the model's inputs as passed to ``run_with_cache``: (src, tgt) for an
    encoder-decoder model, (ids,) otherwise. Encoder: padding; decoder: causal + padding;
    cross: the source's padding. Returned as [batch, 1, query, key].
    """
    src, tgt = _source_and_target(cache, ids)
    if part == "encoder":
        mask, n_queries = padding_mask(src, pad_id), src.shape[1]
    elif part == "decoder":
        mask, n_queries = decoder_self_mask(tgt, pad_id), tgt.shape[1]
    elif part == "cross":
        mask, n_queries = cross_mask(src, pad_id), tgt.shape[1]
    else:
        raise VizTransformerError(
            f"unknown attention part {part!r}; choose one of {cache.attention_parts}."
        )
    return mask.expand(mask.shape[0], 1, n_queries, mask.shape[-1])


def mask_name(part: str, allowed: np.ndarray) -> str:
    """What one [query, key] mask is made of: padding, causal, cross, or causal + padding."""
    unpadded = np.ones_like(allowed)
    if part == "decoder":
        unpadded = np.tril(unpadded)
    padded = not np.array_equal(allowed, unpadded)
    return MASK_NAMES[part][padded]


def mask_pipeline(
    cache: ActivationCache,
    ids: Sequence[Tensor],
    part: str,
    layer: int,
    head: HeadChoice,
    batch: int = 0,
    *,
    pad_id: int = 0,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
) -> MaskPipeline:
    """Scores, mask, masked scores and weights of one head for one batch item.

    ``head`` is an index (negative counts from the end), a list of indices, "mean" or "max":
    each step's matrix is then the mean (or max) of the heads' matrices at that step (the mask
    is the same for every head, so −∞ stays where it was). Negative ``layer`` and ``batch``
    count from the end; the title names the non-negative numbers.

    Needs the part's ``hook_scores``, ``hook_masked_scores`` and ``hook_weights`` in the
    cache. The mask comes from ``part_mask`` and must put −∞ exactly where the model did.

    >>> vt.views.mask_pipeline(cache, ids, "decoder", layer=0, head=0)
    """
    kinds = ("scores", "masked_scores", "weights")
    chosen = [chosen_heads(cache, part, layer, head, batch, kind) for kind in kinds]
    scores, masked, weights = (matrix.astype(np.float64) for matrix, _ in chosen)
    which = chosen[0][1]
    layer = cache.layer_index(part, layer)
    mask = part_mask(cache, part, ids, pad_id)
    allowed = mask[check_index("batch item", batch, mask.shape[0], "the ids"), 0].cpu().numpy()
    if allowed.shape != masked.shape or not np.array_equal(np.isneginf(masked), ~allowed):
        raise VizTransformerError(
            f"the ids do not match the cached {part} attention: pass the same inputs that were "
            f"given to run_with_cache (and the model's pad_id)."
        )
    name = mask_name(part, allowed)
    return MaskPipeline(
        scores=scores,
        allowed=allowed,
        masked_scores=masked,
        weights=weights,
        query_tokens=token_labels(query_tokens, allowed.shape[0], "query tokens"),
        key_tokens=token_labels(key_tokens, allowed.shape[1], "key tokens"),
        mask_name=name,
        title=f"{part} attention, layer {layer}, {which} — mask: {name}",
    )


def _source_and_target(
    cache: ActivationCache, ids: Sequence[Tensor]
) -> tuple[Tensor | None, Tensor | None]:
    """(src, tgt) of the model's inputs; a decoder-only model's ids are its target."""
    ids = [torch.as_tensor(i) for i in ids]
    ids = [i.unsqueeze(0) if i.dim() == 1 else i for i in ids]
    parts = cache.attention_parts
    expected = 2 if "cross" in parts else 1
    if len(ids) != expected:
        raise VizTransformerError(
            f"this model takes {expected} id tensor(s), got {len(ids)}: pass the inputs "
            f"given to run_with_cache."
        )
    if "cross" in parts:
        return ids[0], ids[1]
    return (ids[0], None) if "encoder" in parts else (None, ids[0])
