"""Law: generation adds one greedy token per step and stops at <eos> or at the length limit.

The end token is forced two ways, independently of what the tiny model learned: a head bias
that makes <eos> overwhelmingly likely, and a hook on ``head.hook_logits`` that scripts the
argmax per position. Checked: the ids produced, stopping at <eos> (before ``max_new_tokens``),
stopping after ``max_new_tokens`` or at ``max_len``, <pad> after a finished row's <eos>, each
greedy token equals the argmax of a fresh full forward pass (sampling from the top 1 is
greedy too), and the per-step caches grow: decoder attention [batch, head, t, t] at step t,
cross-attention keys = the source length.
"""

from __future__ import annotations

import pytest
import torch
from helpers import random_ids, tiny_model

BOS, EOS, PAD, A, B = 1, 2, 0, 5, 6
# these laws hold for any source; the shipped models' `text <eos>` layout is checked in test_text_call
pytestmark = pytest.mark.filterwarnings("ignore:source row .* does not end with <eos>")


def _model(shape: str, **overrides):
    return tiny_model(shape, seed=9, **overrides)


def _source(model, lengths=(5, 3)):
    return random_ids(list(lengths), model.config.src_vocab, seed=6)


def _bias_eos(model, value: float) -> None:
    with torch.no_grad():
        model.head.proj.bias[EOS] = value


def scripted(eos_at: list[int], token: int = A):
    """A hook on head.hook_logits: row r's argmax is ``token`` at positions < eos_at[r], <eos> after."""

    def hook(logits, point):
        forced = torch.zeros_like(logits)
        positions = torch.arange(logits.shape[1])
        for row, at in enumerate(eos_at):
            forced[row, :, token] = 10.0
            forced[row, positions >= at, token] = 0.0
            forced[row, positions >= at, EOS] = 10.0
        return forced

    return hook


def test_stops_at_eos_before_max_new_tokens():
    model = _model("encoder-decoder")
    src = _source(model)
    with model.hooks([("head.hook_logits", scripted([2, 2]))]):
        result = model.generate(src, max_new_tokens=10)
    assert result.ids.tolist() == [[BOS, A, A, EOS]] * 2
    assert result.finished.tolist() == [True, True]


def test_rows_finish_at_their_own_eos_then_pad():
    model = _model("encoder-decoder")
    with model.hooks([("head.hook_logits", scripted([1, 3]))]):
        result = model.generate(_source(model), max_new_tokens=10)
    assert result.ids.tolist() == [[BOS, A, EOS, PAD, PAD], [BOS, A, A, A, EOS]]


@pytest.mark.parametrize("shape", ["encoder-decoder", "decoder-only"])
def test_head_bias_towards_eos_stops_after_one_step(shape):
    model = _model(shape)
    _bias_eos(model, 1e4)
    src = _source(model, (5, 3) if shape == "encoder-decoder" else (5, 5))  # prompts: no padding
    result = model.generate(src, max_new_tokens=5)
    start = torch.full((2, 1), BOS) if shape == "encoder-decoder" else src
    assert torch.equal(result.ids, torch.cat([start, torch.full((2, 1), EOS)], dim=1))
    assert result.finished.all()


@pytest.mark.parametrize("shape", ["encoder-decoder", "decoder-only"])
def test_respects_max_new_tokens_and_max_len(shape):
    model = _model(shape, max_len=9)
    _bias_eos(model, -1e4)
    src = _source(model, (4, 4))
    start = 1 if shape == "encoder-decoder" else 4
    result = model.generate(src, max_new_tokens=3)
    assert result.ids.shape == (2, start + 3)
    assert not result.finished.any()
    assert not (result.ids[:, start:] == EOS).any()
    assert model.generate(src).ids.shape == (2, 9)  # the positional table's end


@pytest.mark.parametrize("shape", ["encoder-decoder", "decoder-only"])
def test_each_token_is_the_argmax_of_a_full_forward_pass(shape):
    model = _model(shape)
    _bias_eos(model, -1e4)
    src = _source(model, (5, 5))
    ids = model.generate(src, max_new_tokens=4).ids
    start = 1 if shape == "encoder-decoder" else 5
    with torch.no_grad():
        for t in range(start, ids.shape[1]):
            prefix = ids[:, :t]
            logits = model(src, prefix) if shape == "encoder-decoder" else model(prefix)
            assert torch.equal(ids[:, t], logits[:, -1].argmax(dim=-1))


def test_encoder_decoder_step_caches_grow():
    model = _model("encoder-decoder")
    src = _source(model, (5, 3))
    with model.hooks([("head.hook_logits", scripted([3, 3]))]):
        result = model.generate(src, max_new_tokens=10, return_caches=True, names="*.hook_weights")
    assert len(result.caches) == 4 == result.ids.shape[1] - 1
    h = model.config.n_heads
    for t, cache in enumerate(result.caches, start=1):
        for layer in range(model.config.n_decoder_layers):
            prefix = f"decoder.layers.{layer}"
            assert cache[f"{prefix}.self_attn.hook_weights"].shape == (2, h, t, t)
            assert cache[f"{prefix}.cross_attn.hook_weights"].shape == (2, h, t, src.shape[1])
        assert cache["encoder.layers.0.self_attn.hook_weights"].shape == (2, h, 5, 5)
        assert cache.output.shape == (2, t, model.config.target_vocab)
        # the padded source key of row 1 gets no cross-attention
        assert torch.all(cache.attention("cross", 0, batch=1)[:, :, 3:] == 0.0)


def test_decoder_only_step_caches_grow_from_the_prompt():
    model = _model("decoder-only")
    _bias_eos(model, -1e4)
    prompt = _source(model, (3, 3))
    result = model.generate(prompt, max_new_tokens=4, return_caches=True, names="decoder.*")
    assert [c["decoder.layers.1.self_attn.hook_weights"].shape[-2:] for c in result.caches] == [
        (n, n) for n in (3, 4, 5, 6)
    ]
    assert [c["decoder.embed.hook_out"].shape[1] for c in result.caches] == [3, 4, 5, 6]


def test_sampling_with_top_k_one_is_greedy():
    model = _model("encoder-decoder")
    _bias_eos(model, -1e4)
    src = _source(model)
    greedy = model.generate(src, max_new_tokens=4).ids
    gen = torch.Generator().manual_seed(0)
    sampled = model.generate(src, max_new_tokens=4, temperature=1.5, top_k=1, generator=gen).ids
    assert torch.equal(sampled, greedy)
