"""ids ∈ {0, …, vocab − 1}^[batch, seq], seq ≤ max_len: checks on the ids a user feeds the
model, so mistakes read as advice, not torch tracebacks."""

from __future__ import annotations

import torch
from torch import Tensor

from ..errors import VizTransformerError


def as_batch(ids: Tensor | list, role: str, vocab_size: int, max_len: int) -> Tensor:
    """Validate ``ids`` and return them as a LongTensor [batch, seq] (a 1-D input gets batch 1)."""
    if not isinstance(ids, Tensor):
        ids = _as_tensor(ids, role)
    # emptiness first: torch.as_tensor([]) is a float tensor, yet the problem is the missing tokens
    if ids.numel() == 0:
        raise VizTransformerError(
            f"{role} is empty (shape {list(ids.shape)}); give at least one token."
        )
    if ids.dtype.is_floating_point or ids.dtype == torch.bool:
        raise VizTransformerError(
            f"{role} must be integer token ids, got a {ids.dtype} tensor; "
            f"encode text with the tokenizer first (tokenizer.encode(text))."
        )
    if ids.dim() == 1:
        ids = ids.unsqueeze(0)  # [seq] → [1, seq]
    if ids.dim() != 2:
        raise VizTransformerError(
            f"{role} must have shape [seq] or [batch, seq], got {list(ids.shape)}."
        )
    if ids.shape[1] > max_len:
        raise VizTransformerError(
            f"{role} has {ids.shape[1]} tokens but the positional table holds {max_len}; "
            f"shorten the input or build the model with max_len >= {ids.shape[1]}."
        )
    low, high = int(ids.min()), int(ids.max())
    if low < 0 or high >= vocab_size:
        bad = low if low < 0 else high
        raise VizTransformerError(
            f"{role} contains token id {bad}, outside this model's vocabulary 0..{vocab_size - 1}; "
            f"encode with the tokenizer that belongs to the model (unknown words become <unk>)."
        )
    return ids.long()


def _as_tensor(ids: object, role: str) -> Tensor:
    """Lists (or arrays) of ids as a tensor; ragged rows or non-numbers are refused plainly."""
    if isinstance(ids, (str, bytes)):
        raise VizTransformerError(
            f"{role} must be token ids, got the text {ids!r}; encode it first "
            f"(tokenizer.encode(text)) or use viz_transformer.generate_text / run_text."
        )
    try:
        return torch.as_tensor(ids)
    except (TypeError, ValueError, RuntimeError, OverflowError):
        pass
    lengths = [len(row) for row in ids] if _is_rows(ids) else None
    if lengths and len(set(lengths)) > 1:
        raise VizTransformerError(
            f"{role} is a ragged batch: its rows have {lengths} tokens. Rows of a batch must be "
            f"equally long; pad the shorter ones with the model's pad_id on the right, or run "
            f"one sequence at a time."
        )
    raise VizTransformerError(
        f"{role} must be token ids: a tensor or a list (of equal-length lists) of whole numbers "
        f"within the model's vocabulary, got {type(ids).__name__} {_short(ids)}; encode text "
        f"with the tokenizer that belongs to the model (tokenizer.encode(text))."
    )


def _is_rows(ids: object) -> bool:
    try:
        return all(hasattr(row, "__len__") and not isinstance(row, str) for row in ids)  # type: ignore[union-attr]
    except TypeError:
        return False


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
