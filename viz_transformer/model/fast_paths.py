"""softmax(QKᵀ·scale + M) V in one fused call, when nobody needs to see its steps.

The model takes a few shortcuts while no hook is watching. Each computes what its formula
computes (the fused kernel up to float rounding) and hides no hook, and each lives beside
its formula, not inside it:

- attention: the fused kernel below instead of the written-out formula (``attention.py``),
  with a purely causal mask passed as ``is_causal`` (``masks.is_causal_mask``);
- ``dropout.Dropout``: returns its input when it would change nothing;
- ``HookPoint`` (``hooks/hook_point.py``): skips ``nn.Module.__call__`` with nothing attached;
- ``LayerNorm`` and ``OutputHead``: compute μ, σ² and the probabilities only when hooked;
- ``Transformer``: no padding mask for inputs without padding.
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

from .masks import is_causal_mask


def fused_attention(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    mask: Tensor | None,
    scale: float,
    dropout: float,
    training: bool,
) -> Tensor:
    """softmax(QKᵀ·scale + M) V by torch's fused kernel, [batch, head, query, d_head], without
    materialising [query, key]; a purely causal mask goes as ``is_causal``, which is faster."""
    causal = is_causal_mask(mask, q.shape[-2], k.shape[-2])
    return F.scaled_dot_product_attention(
        q,
        k,
        v,
        attn_mask=None if causal else mask,
        dropout_p=dropout if training else 0.0,
        is_causal=causal,
        scale=scale,
    )
