"""Law: temporary hooks live exactly as long as their block, and interventions take effect.

After ``run_with_hooks`` / ``run_with_cache`` (also when a hook raises, or a later hook name is
unknown), no forward hook remains on any HookPoint; nested ``with model.hooks(...)`` blocks
both apply and are both removed; a user's own ``register_forward_hook`` survives. Interventions
are checked against independent edits of the weights: zeroing head h in ``hook_z`` equals
zeroing W_O's columns for head h; replacing ``hook_pe`` by zeros equals ``positional="none"``.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import torch
from helpers import all_hook_points, model_inputs, tiny_model

from viz_transformer import Transformer, VizTransformerError


class Boom(RuntimeError):
    pass


def _no_hooks_left(model) -> None:
    points = all_hook_points(model)
    assert points
    assert all(len(p._forward_hooks) == 0 for p in points)


def _model_and_inputs(shape="encoder-decoder", **overrides):
    model = tiny_model(shape, seed=16, **overrides)
    return model, model_inputs(model, [5, 3])


def test_hooks_are_removed_after_a_run():
    model, inputs = _model_and_inputs()
    model.run_with_hooks(*inputs, hooks=[("*.hook_z", lambda t, h: None)])
    model.run_with_cache(*inputs, names="*")
    _no_hooks_left(model)


def test_hooks_are_removed_when_a_hook_raises():
    model, inputs = _model_and_inputs()

    def explode(tensor, hook):
        raise Boom(hook.name)

    with pytest.raises(Boom, match=re.escape("decoder.layers.0.cross_attn.hook_weights")):
        model.run_with_hooks(
            *inputs,
            hooks=[("*.hook_out", lambda t, h: None), ("*cross_attn.hook_weights", explode)],
        )
    _no_hooks_left(model)
    with pytest.raises(Boom):
        model.run_with_cache(*inputs, hooks=[("head.hook_logits", explode)])
    _no_hooks_left(model)


def test_hooks_are_removed_when_a_later_name_is_unknown():
    model, inputs = _model_and_inputs()
    with pytest.raises(VizTransformerError):
        model.run_with_hooks(*inputs, hooks=[("*.hook_z", lambda t, h: None), ("nope", print)])
    _no_hooks_left(model)


def test_nested_hook_blocks_both_apply_and_both_go():
    model, inputs = _model_and_inputs()
    seen = []
    with model.hooks([("head.hook_logits", lambda t, h: seen.append("outer"))]):
        with model.hooks([("head.hook_logits", lambda t, h: seen.append("inner"))]):
            with torch.no_grad():
                model(*inputs)
            assert seen == ["outer", "inner"]
        assert len(model.head.hook_logits._forward_hooks) == 1
        with torch.no_grad():
            model(*inputs)
        assert seen == ["outer", "inner", "outer"]
    _no_hooks_left(model)


def test_a_users_permanent_hook_survives_temporary_ones():
    model, inputs = _model_and_inputs()
    seen = []
    point = model.hook_point("decoder.layers.0.self_attn.hook_weights")
    handle = point.register_forward_hook(lambda mod, args, out: seen.append(out.shape))
    try:
        model.run_with_hooks(*inputs, hooks=[(point.name, lambda t, h: None)])
        model.run_with_cache(*inputs, names=point.name)
        with pytest.raises(Boom):
            model.run_with_hooks(*inputs, hooks=[(point.name, _raise_boom)])
        assert len(point._forward_hooks) == 1
        with torch.no_grad():
            model(*inputs)
        assert len(seen) == 4
    finally:
        handle.remove()
    _no_hooks_left(model)


def _raise_boom(tensor, hook):
    raise Boom


@pytest.mark.parametrize("head", [0, 3])
def test_zeroing_a_head_equals_zeroing_its_output_weights(head):
    model, inputs = _model_and_inputs()
    name = "decoder.layers.1.self_attn.hook_z"
    d_head = model.config.d_head

    def zero_head(z, hook):
        z = z.clone()
        z[:, head] = 0.0
        return z

    with torch.no_grad():
        clean = model(*inputs)
        patched = model.run_with_hooks(*inputs, hooks=[(name, zero_head)])
        edited = Transformer(model.config)
        edited.load_state_dict(model.state_dict())
        w_o = edited.decoder.layers[1].self_attn.w_o.weight
        w_o[:, head * d_head : (head + 1) * d_head] = 0.0
        expected = edited(*inputs)
    assert not torch.allclose(patched, clean, atol=1e-4)
    torch.testing.assert_close(patched, expected, atol=1e-5, rtol=0)


@pytest.mark.parametrize("norm", ["post", "pre"])
def test_zero_positional_encoding_equals_positional_none(norm):
    model, inputs = _model_and_inputs("encoder-only", norm=norm)
    none = Transformer(replace(model.config, positional="none"))
    none.load_state_dict(model.state_dict())
    with torch.no_grad():
        patched = model.run_with_hooks(
            *inputs, hooks=[("encoder.pos_encoding.hook_pe", lambda pe, h: torch.zeros_like(pe))]
        )
        assert torch.equal(patched, none(*inputs))
        assert not torch.allclose(patched, model(*inputs), atol=1e-4)


def test_cache_holds_the_patched_tensor():
    model, inputs = _model_and_inputs("encoder-only")
    name = "encoder.layers.0.self_attn.hook_weights"
    cache = model.run_with_cache(
        *inputs, names=name, hooks=[(name, lambda w, h: torch.full_like(w, 0.25))]
    )
    assert torch.all(cache[name] == 0.25)


def test_cache_keeps_its_tensors_when_a_later_hook_patches_in_place() -> None:
    """A cached tensor is a snapshot: an in-place patch further on does not rewrite it."""
    model = tiny_model("encoder-only")
    ids = torch.randint(4, model.config.src_vocab, (1, 6))

    def zero_in_place(tensor: torch.Tensor, hook) -> None:
        tensor.zero_()

    cache = model.run_with_cache(
        ids,
        names="encoder.layers.0.hook_resid_post",
        hooks=[("encoder.layers.1.hook_resid_pre", zero_in_place)],
    )
    assert cache["encoder.layers.0.hook_resid_post"].abs().sum() > 0
