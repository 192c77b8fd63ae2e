"""mask[query, key] = True where the query may attend to the key; attention adds M = −∞ where
it is False, so those keys get softmax weight exactly 0.

Masks are boolean tensors that broadcast to the attention shape [batch, head, query, key];
the model and the mask pictures build them with these same functions.
"""

from __future__ import annotations

import functools

import torch
from torch import Tensor


def padding_mask(ids: Tensor, pad_id: int) -> Tensor:
    """[batch, 1, 1, key]: False at padded keys, so no query attends to padding."""
    return (ids != pad_id)[:, None, None, :]  # [batch, 1, 1, key]


def causal_mask(n_queries: int, n_keys: int | None = None, device=None) -> Tensor:
    """[1, 1, query, key]: query t sees keys 0..t (lower triangle), never the future."""
    n_keys = n_queries if n_keys is None else n_keys
    allowed = torch.ones(n_queries, n_keys, dtype=torch.bool, device=device).tril()
    return allowed[None, None]  # [1, 1, query, key]


def combine_masks(*masks: Tensor | None) -> Tensor | None:
    """A key is allowed only where every given mask allows it (logical and); None = no mask."""
    present = [m for m in masks if m is not None]
    if not present:
        return None
    combined = present[0]
    for mask in present[1:]:
        combined = combined & mask
    return combined


def decoder_self_mask(tgt_ids: Tensor, pad_id: int) -> Tensor:
    """Causal and padding together: what a decoder's self-attention may see."""
    causal = causal_mask(tgt_ids.shape[1], device=tgt_ids.device)
    return combine_masks(causal, padding_mask(tgt_ids, pad_id))


def cross_mask(src_ids: Tensor, pad_id: int) -> Tensor:
    """[batch, 1, 1, src_key]: decoder queries may attend to every non-padded source token."""
    return padding_mask(src_ids, pad_id)


# For the fused attention kernel (fast_paths.py): recognising a purely causal mask.


def is_causal_mask(mask: Tensor | None, n_queries: int, n_keys: int) -> bool:
    """True when ``mask`` is exactly ``causal_mask(n)`` for n queries and n keys, so fused
    attention may take its ``is_causal`` path (skipping the masked half) instead of reading it."""
    square = n_queries == n_keys and mask is not None and mask.shape == (1, 1, n_queries, n_keys)
    if not square or mask.dtype != torch.bool:
        return False
    # compared as bytes, which torch does ~3× faster than as booleans
    as_bytes = mask.view(torch.uint8)  # same shape, same memory, read as bytes
    return torch.equal(as_bytes, _causal_bytes(n_queries, mask.device))


@functools.lru_cache(maxsize=4)
def _causal_bytes(n: int, device: torch.device) -> Tensor:
    """``causal_mask(n)`` as bytes, built once per size: every decoder layer asks for it."""
    return causal_mask(n, device=device).view(torch.uint8)  # [1, 1, n, n] as bytes
