"""Law: masked keys get weight exactly 0, and each query's weights are a distribution.

Hypothesis draws batch size, sequence length, number of heads, causal on or off, and a random
padding pattern per row that leaves every query at least one real key (the first token under
causal masking, any token otherwise). The expected mask is built here with plain loops and
must equal the package's mask functions; then in the explicit attention path
``hook_masked_scores`` is −∞ exactly where masked, ``hook_weights`` is exactly 0.0 there, and
every row of weights sums to 1.
"""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from viz_transformer.model.attention import MultiHeadAttention
from viz_transformer.model.masks import causal_mask, combine_masks, padding_mask

D_HEAD = 4


@st.composite
def attention_cases(draw):
    batch = draw(st.integers(1, 3))
    length = draw(st.integers(1, 7))
    heads = draw(st.integers(1, 4))
    causal = draw(st.booleans())
    real = [draw(st.lists(st.booleans(), min_size=length, max_size=length)) for _ in range(batch)]
    for row in real:  # a real key every query can see: the first under causal, any otherwise
        row[0 if causal else draw(st.integers(0, length - 1))] = True
    seed = draw(st.integers(0, 2**16))
    return batch, length, heads, causal, real, seed


def expected_allowed(real: list[list[bool]], causal: bool) -> torch.Tensor:
    """[batch, 1, query, key] by loops: key k is visible to query q when it is real (and k ≤ q)."""
    batch, length = len(real), len(real[0])
    allowed = torch.zeros(batch, 1, length, length, dtype=torch.bool)
    for b in range(batch):
        for q in range(length):
            for k in range(length):
                allowed[b, 0, q, k] = real[b][k] and (not causal or k <= q)
    return allowed


def _run(case):
    batch, length, heads, causal, real, seed = case
    torch.manual_seed(seed)
    module = MultiHeadAttention(heads * D_HEAD, heads, dropout=0.0).eval()
    ids = torch.tensor([[5 if r else 0 for r in row] for row in real])
    mask = combine_masks(padding_mask(ids, 0), causal_mask(length) if causal else None)
    x = torch.randn(batch, length, heads * D_HEAD)
    store = {}
    hooks = [
        getattr(module, f"hook_{name}").register_forward_hook(
            lambda mod, args, out, name=name: store.__setitem__(name, out)
        )
        for name in ("masked_scores", "weights")
    ]
    with torch.no_grad():
        module(x, x, mask)
    for handle in hooks:
        handle.remove()
    allowed = expected_allowed(real, causal)
    assert torch.equal(mask.expand_as(allowed), allowed)
    return allowed.expand(batch, heads, length, length), store


@settings(max_examples=30, deadline=None)
@given(attention_cases())
def test_masked_weights_are_zero_and_rows_sum_to_one(case):
    allowed, store = _run(case)
    weights = store["weights"]
    assert weights.shape == allowed.shape
    assert torch.all(weights[~allowed] == 0.0)
    assert torch.all(weights[allowed] > 0.0)
    torch.testing.assert_close(
        weights.sum(dim=-1), torch.ones(weights.shape[:-1]), atol=1e-6, rtol=0
    )


@settings(max_examples=30, deadline=None)
@given(attention_cases())
def test_masked_scores_are_minus_infinity_exactly_where_masked(case):
    allowed, store = _run(case)
    scores = store["masked_scores"]
    assert torch.equal(torch.isneginf(scores), ~allowed)
    assert torch.all(torch.isfinite(scores[allowed]))


def test_query_with_every_key_masked_gets_zero_weights_not_nan():
    module = MultiHeadAttention(8, 2, dropout=0.0).eval()
    x = torch.randn(1, 3, 8)
    mask = torch.tensor([[False, False, False], [True, False, False], [True, True, True]])
    store = {}
    handle = module.hook_weights.register_forward_hook(
        lambda mod, args, out: store.__setitem__("weights", out)
    )
    with torch.no_grad():
        explicit = module(x, x, mask[None, None])
    handle.remove()
    with torch.no_grad():
        fused = module(x, x, mask[None, None])
    assert torch.all(store["weights"][0, :, 0] == 0.0)
    assert torch.all(torch.isfinite(explicit)) and torch.all(torch.isfinite(fused))
    torch.testing.assert_close(explicit, fused, atol=1e-6, rtol=0)
