"""Law: any text or any ids, through the text call, run_text, the raw model or an explorer's
text box, on a shipped model, give a result (a picture) or this package's error, never
another exception."""

from __future__ import annotations

import functools
import warnings

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import viz_transformer as vt

NAMES = ("reverse", "dates", "induction", "count")
FAST = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
texts = st.text(max_size=40)  # every Unicode category, the empty text and long ones
names = st.sampled_from(NAMES)


@functools.cache
def _shipped(name: str):
    return vt.load_pretrained(name)


@functools.cache
def _explorer():
    from viz_transformer.explorers import AttentionExplorer

    return AttentionExplorer("reverse")


def _plainly(call):
    """``call()``'s result, None when it raised this package's error; anything else fails."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", vt.VizTransformerWarning)  # a note, not a failure
        try:
            return call()
        except vt.VizTransformerError as error:
            assert str(error), "an error without a message"
            return None


@FAST
@given(name=names, text=texts, max_new_tokens=st.one_of(st.none(), st.integers(-2, 40)))
def test_the_text_call(name: str, text: str, max_new_tokens) -> None:
    model, tokenizer = _shipped(name)
    answer = _plainly(
        lambda: vt.generate_text(model, tokenizer, text, max_new_tokens=max_new_tokens)
    )
    assert answer is None or isinstance(answer, str)


@FAST
@given(name=names, text=texts)
def test_run_text(name: str, text: str) -> None:
    model, tokenizer = _shipped(name)
    run = _plainly(lambda: vt.run_text(model, tokenizer, text, names="*.hook_weights"))
    if run is not None:
        assert run.cache.attention_parts and torch.isfinite(run.cache.output).all()


ids = st.lists(st.one_of(st.integers(-3, 60), st.sampled_from([2**63, -(2**70)])), max_size=40)


@FAST
@given(
    name=names,
    rows=st.one_of(ids, st.lists(ids, max_size=3)),
    as_tensor=st.booleans(),
    target=st.one_of(st.none(), ids),
)
def test_raw_ids(name: str, rows, as_tensor: bool, target) -> None:
    """Lists of any length, ragged batches, negative or too-large ids, empty inputs."""
    model, _ = _shipped(name)

    def convert(value):
        if not as_tensor:
            return value
        try:
            return torch.tensor(value)
        except (ValueError, TypeError):
            return value  # a ragged batch stays a list: the model must still answer plainly

    inputs = (convert(rows),) if target is None else (convert(rows), convert(target))
    _plainly(lambda: model.run_with_cache(*inputs, names="*.hook_weights"))
    if model.config.shape != "encoder-only":
        _plainly(lambda: model.generate(convert(rows), max_new_tokens=3))


@FAST
@given(text=texts)
def test_the_explorers_text_box(text: str) -> None:
    explorer = _explorer()
    explorer.text.value = text  # a refusal is the widget's message, not an exception
    if explorer.run is not None and explorer.run.cache is not None and "text" not in explorer.error:
        assert explorer.figure is not None


@pytest.mark.parametrize("name", NAMES)
def test_the_strategies_reach_a_result_on_every_model(name: str) -> None:
    """The fuzzed paths are not only refusals: a plain text gives an answer."""
    model, tokenizer = _shipped(name)
    text = "abcab" if name == "count" else ("21 Nov 2026" if name == "dates" else "abcd")
    assert _plainly(lambda: vt.generate_text(model, tokenizer, text)) is not None
