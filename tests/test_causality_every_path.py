"""Law: the decoder cannot see the future, on every path a model computes attention by.

The model takes torch's fused kernel when nothing is captured (an unpadded target's mask is
then passed as ``is_causal=True``), the fused kernel with an explicit boolean mask when the
target is padded, and its own explicit softmax when weights are captured — which is what
every picture shows (``run_with_cache(...).output``). A mask that let a token see the next
one could hide on one path and show on another, so the law is checked on each: logits at
positions ≤ t stay the same when the tokens after t change, and every captured weight above
the diagonal is exactly 0. The mask recogniser is checked against a triangle built here
element by element, not against ``causal_mask`` itself.
"""

from __future__ import annotations

import pytest
import torch
from helpers import FIRST_REAL_ID, tiny_model

from viz_transformer.model.masks import causal_mask, is_causal_mask

LENGTH = 7
PAD = 0


def triangle(n: int, sees_ahead: int = 0) -> torch.Tensor:
    """[1, 1, n, n]: query i may see key j when j ≤ i + sees_ahead, written out cell by cell."""
    cells = [[j <= i + sees_ahead for j in range(n)] for i in range(n)]
    return torch.tensor(cells, dtype=torch.bool)[None, None]


def target(padding: str, vocab: int) -> tuple[torch.Tensor, list[int]]:
    """[2, LENGTH] target ids and the positions holding real tokens, padded as asked."""
    gen = torch.Generator().manual_seed(3)
    ids = torch.randint(FIRST_REAL_ID, vocab, (2, LENGTH), generator=gen)
    if padding == "right":
        ids[:, LENGTH - 2 :] = PAD
        return ids, list(range(LENGTH - 2))
    if padding == "left":
        ids[:, 0] = ids[:, 0].clamp(min=FIRST_REAL_ID)  # the first token stays real (<bos>-like)
        ids[:, 1:3] = PAD
        return ids, [0, *range(3, LENGTH)]
    return ids, list(range(LENGTH))


def logits(model, src, tgt, path: str) -> torch.Tensor:
    """The model's output on one path: fused (nothing captured) or explicit (weights captured)."""
    inputs = (tgt,) if src is None else (src, tgt)
    if path == "fused":
        with torch.no_grad():
            return model(*inputs)
    return model.run_with_cache(*inputs, names="*.hook_weights").output


def changed_after(tgt: torch.Tensor, t: int, real: list[int], vocab: int) -> torch.Tensor:
    """Every real token after position t replaced by another real token."""
    changed = tgt.clone()
    for position in (p for p in real if p > t):
        changed[:, position] = (tgt[:, position] - FIRST_REAL_ID + 1) % (
            vocab - FIRST_REAL_ID
        ) + FIRST_REAL_ID
    return changed


@pytest.mark.parametrize("path", ["fused", "explicit"])
@pytest.mark.parametrize("padding", ["none", "right", "left"])
@pytest.mark.parametrize("shape", ["decoder-only", "encoder-decoder"])
def test_no_position_sees_a_later_token(shape, padding, path):
    model = tiny_model(shape, seed=5, norm="pre")
    c = model.config
    vocab = c.target_vocab if shape == "encoder-decoder" else c.src_vocab
    src = torch.randint(FIRST_REAL_ID, c.src_vocab, (2, 5)) if shape == "encoder-decoder" else None
    tgt, real = target(padding, vocab)
    base = logits(model, src, tgt, path)
    for t in real[:-1]:
        later = logits(model, src, changed_after(tgt, t, real, vocab), path)
        seen = [p for p in real if p <= t]
        torch.testing.assert_close(later[:, seen], base[:, seen], atol=1e-6, rtol=0)
        assert not torch.allclose(later[:, t + 1 :], base[:, t + 1 :], atol=1e-4)


@pytest.mark.parametrize("padding", ["none", "right", "left"])
@pytest.mark.parametrize("shape", ["decoder-only", "encoder-decoder"])
def test_captured_weights_above_the_diagonal_are_exactly_zero(shape, padding):
    model = tiny_model(shape, seed=8)
    c = model.config
    vocab = c.target_vocab if shape == "encoder-decoder" else c.src_vocab
    tgt, _ = target(padding, vocab)
    inputs = (tgt,) if shape == "decoder-only" else (torch.full((2, 4), FIRST_REAL_ID), tgt)
    cache = model.run_with_cache(*inputs, names="decoder.*.self_attn.hook_weights")
    future = ~triangle(LENGTH)[0, 0]
    for name, weights in cache.items():  # [batch, head, query, key]
        assert torch.all(weights[..., future] == 0), name


@pytest.mark.parametrize("n", [1, 2, 5, 16])
def test_causal_mask_is_the_lower_triangle_built_cell_by_cell(n):
    assert torch.equal(causal_mask(n), triangle(n))
    assert is_causal_mask(triangle(n), n, n)


@pytest.mark.parametrize("n", [2, 5, 16])
def test_the_recogniser_refuses_triangles_that_see_ahead_or_behind(n):
    assert not is_causal_mask(triangle(n, sees_ahead=1), n, n)  # each token sees the next
    assert not is_causal_mask(triangle(n).transpose(-1, -2), n, n)  # sees only the future
    assert not is_causal_mask(triangle(n, sees_ahead=-1), n, n)  # not even itself
