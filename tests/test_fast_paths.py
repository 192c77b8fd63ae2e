"""Law: the shortcuts the model takes when nobody is watching change no number and hide no hook.

Inputs without padding get no padding mask and a purely causal self-mask runs through the
fused kernel's ``is_causal``: outputs equal the explicit path and the fully masked call. A
HookPoint skips ``nn.Module.__call__`` only while no hook of any kind could see it.
"""

from __future__ import annotations

import pytest
import torch
from helpers import FIRST_REAL_ID, SHAPES, tiny_model
from hypothesis import given, settings
from hypothesis import strategies as st

from viz_transformer.hooks.hook_point import HookPoint
from viz_transformer.model.dropout import Dropout
from viz_transformer.model.masks import causal_mask, is_causal_mask, padding_mask


def _unpadded_inputs(model, length: int = 9) -> tuple[torch.Tensor, ...]:
    generator = torch.Generator().manual_seed(5)
    c = model.config
    ids = torch.randint(FIRST_REAL_ID, c.target_vocab, (2, length), generator=generator)
    return (ids, ids[:, :-2]) if c.shape == "encoder-decoder" else (ids,)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 24), data=st.data())
def test_only_the_exact_causal_mask_is_recognised(n, data):
    mask = causal_mask(n)
    assert is_causal_mask(mask, n, n)
    assert not is_causal_mask(mask, n, n + 1)
    assert not is_causal_mask(None, n, n)
    assert not is_causal_mask(mask.expand(2, 1, n, n), n, n)  # one mask per batch item
    assert not is_causal_mask(mask.float(), n, n)  # an additive mask is no boolean mask
    q, k = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    flipped = mask.clone()
    flipped[0, 0, q, k] = ~flipped[0, 0, q, k]
    assert not is_causal_mask(flipped, n, n)


@pytest.mark.parametrize("shape", SHAPES)
def test_unpadded_fused_output_equals_explicit_attention(shape):
    model = tiny_model(shape, seed=21)
    inputs = _unpadded_inputs(model)
    with torch.no_grad():
        fused = model(*inputs)
    explicit = model.run_with_cache(*inputs, names="*.hook_weights").output
    torch.testing.assert_close(fused, explicit, atol=1e-5, rtol=0)


def test_skipped_masks_equal_the_masks_that_allow_everything():
    model = tiny_model("encoder-decoder", seed=22)
    src, tgt = _unpadded_inputs(model)
    with torch.no_grad():
        memory = model.encode(src)
        torch.testing.assert_close(memory, model.encoder(src, padding_mask(src, 0)))
        full_self_mask = causal_mask(tgt.shape[1]) & padding_mask(tgt, 0)  # [2, 1, t, t]
        expected = model.decoder(tgt, full_self_mask, memory, padding_mask(src, 0))
        torch.testing.assert_close(model.decode(tgt, memory, src), expected)


@pytest.mark.parametrize(
    "register",
    [
        lambda point, seen: point.register_forward_hook(lambda m, a, out: seen.append("fwd")),
        lambda point, seen: point.register_forward_pre_hook(lambda m, a: seen.append("pre")),
        lambda point, seen: torch.nn.modules.module.register_module_forward_hook(
            lambda m, a, out: seen.append("global")
        ),
    ],
    ids=["forward", "forward-pre", "global-forward"],
)
def test_every_kind_of_forward_hook_still_sees_the_hook_point(register):
    point, seen = HookPoint(), []
    handle = register(point, seen)
    try:
        point(torch.ones(2))
    finally:
        handle.remove()
    assert seen
    point(torch.ones(2))
    assert len(seen) == 1  # removed: the fast path again


def test_a_backward_hook_on_a_hook_point_sees_the_gradient():
    point, grads = HookPoint(), []
    point.register_full_backward_hook(lambda m, grad_in, grad_out: grads.append(grad_out[0]))
    x = torch.ones(3, requires_grad=True)
    (point(x * 2.0) * 3.0).sum().backward()
    torch.testing.assert_close(grads[0], torch.full((3,), 3.0))


def test_dropout_is_skipped_only_when_it_would_change_nothing():
    x = torch.ones(1000)
    drop = Dropout(0.5)
    assert drop.eval()(x) is x
    torch.manual_seed(0)
    dropped = drop.train()(x)
    assert set(dropped.unique().tolist()) == {0.0, 2.0}  # dropped, or kept and scaled by 1/(1-p)
    assert Dropout(0.0).train()(x) is x
    seen = []
    drop.eval().register_forward_hook(lambda m, a, out: seen.append(out))
    drop(x)
    assert len(seen) == 1  # a hook still sees the call
