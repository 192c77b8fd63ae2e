"""One vocabulary for hook names: what `hook_name`/`attention_hook` build, `parse_hook` reads
back, for every hook of every model shape; anything else is refused with a clear error."""

from __future__ import annotations

import pytest
from helpers import SHAPES, tiny_model

from viz_transformer.errors import VizTransformerError
from viz_transformer.hooks.names import (
    ATTENTION_PARTS,
    HookName,
    attention_hook,
    hook_name,
    parse_hook,
)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_hook_name_round_trips(shape: str) -> None:
    model = tiny_model(shape)
    for name in model.hook_names:
        hook = parse_hook(name)
        assert str(hook) == name
        assert hook_name(hook.stack, hook.layer, hook.module, hook.kind) == name
        assert f"{hook.path}.{hook.hook}" == name
        if hook.part is not None:
            assert attention_hook(hook.part, hook.layer, hook.kind) == name


@pytest.mark.parametrize("shape", SHAPES)
def test_attention_hooks_parse_to_their_part(shape: str) -> None:
    model = tiny_model(shape)
    names = set(model.hook_names)
    parts = {parse_hook(n).part for n in names} - {None}
    assert parts <= set(ATTENTION_PARTS) and parts
    for part in parts:
        stack = "encoder" if part == "encoder" else "decoder"
        for layer in range(getattr(model.config, f"n_{stack}_layers")):
            name = attention_hook(part, layer)
            assert name in names
            module = "cross_attn" if part == "cross" else "self_attn"
            assert parse_hook(name) == HookName(stack, layer, module, "weights")


def test_a_layer_glob_is_built() -> None:
    assert attention_hook("cross", "*", "scores") == "decoder.layers.*.cross_attn.hook_scores"


@pytest.mark.parametrize(
    "name",
    ["", "encoder", "encoder.layers.0.self_attn", "encoder.layers.x.self_attn.hook_z",
     "encoder.layers.0.self_attn.hook_", "hook_weights", "encoder..hook_out", 3],
)  # fmt: skip
def test_parse_refuses_a_non_hook_name(name: object) -> None:
    with pytest.raises(VizTransformerError, match="is not a hook name"):
        parse_hook(name)


def test_an_unknown_part_is_refused() -> None:
    with pytest.raises(VizTransformerError, match="unknown attention part 'crosss'"):
        attention_hook("crosss", 0)


def test_the_docstring_examples_hold() -> None:
    import doctest

    from viz_transformer.hooks import names

    result = doctest.testmod(names)
    assert result.attempted > 0 and result.failed == 0
