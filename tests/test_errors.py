"""Law: bad input raises VizTransformerError (a ValueError) whose message names the problem.

Empty input, ids outside the vocabulary, a sequence longer than the positional table, an
unknown hook name (with a "Did you mean" suggestion), a layer or head out of range (from the
end too: head -5 of 4), d_model not divisible by n_heads, a hook that exists but was not
captured, an encoder-decoder model called without a target, and empty text given to a
tokenizer.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import torch
from helpers import random_ids, tiny_config, tiny_model

from viz_transformer import Transformer, TransformerConfig, VizTransformerError
from viz_transformer.tokenizers import CharTokenizer, WordTokenizer


@pytest.fixture(scope="module")
def model():
    return tiny_model("encoder-decoder", seed=19)


@pytest.fixture(scope="module")
def cache(model):
    src = random_ids([4], model.config.src_vocab)
    tgt = random_ids([3], model.config.target_vocab)
    return model.run_with_cache(src, tgt, names="*.hook_weights")


@contextmanager
def _raises(*fragments: str):
    """pytest.raises for our error, then a check that every fragment is in the message."""
    with pytest.raises(VizTransformerError) as info:
        yield info
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_the_error_is_a_value_error():
    assert issubclass(VizTransformerError, ValueError)
    with pytest.raises(ValueError):
        TransformerConfig(d_model=10, n_heads=3)


@pytest.mark.parametrize(
    "empty", [torch.zeros(0, dtype=torch.long), torch.zeros(2, 0, dtype=torch.long), []]
)
def test_empty_input(model, empty):
    with _raises("source", "empty"):
        model(empty, torch.tensor([[1]]))


def test_ids_outside_the_vocabulary(model):
    vocab = model.config.src_vocab
    with _raises("source", f"token id {vocab}", f"0..{vocab - 1}"):
        model(torch.tensor([[4, vocab]]), torch.tensor([[1]]))
    with _raises("token id -1"):
        model(torch.tensor([[4, -1]]), torch.tensor([[1]]))
    target_vocab = model.config.target_vocab
    with _raises("target", f"token id {target_vocab}"):
        model(torch.tensor([[4]]), torch.tensor([[1, target_vocab]]))


def test_sequence_longer_than_the_positional_table(model):
    too_long = model.config.max_len + 1
    with _raises(f"{too_long} tokens", f"holds {model.config.max_len}", "max_len"):
        model(torch.full((1, too_long), 4), torch.tensor([[1]]))


def test_float_ids_are_refused(model):
    with _raises("integer token ids", "tokenizer"):
        model(torch.rand(1, 3), torch.tensor([[1]]))


def test_unknown_hook_name_suggests_a_close_match(model):
    typo = "encoder.layers.0.self_attn.hook_weight"
    with _raises(repr(typo), "Did you mean", "'encoder.layers.0.self_attn.hook_weights'"):
        model.run_with_cache(torch.tensor([[4]]), torch.tensor([[1]]), names=[typo])
    with _raises("Did you mean"):
        model.run_with_hooks(
            torch.tensor([[4]]), torch.tensor([[1]]), hooks=[("head.hook_logit", print)]
        )
    with _raises("no hook named", "'*.hook_nothing'"):
        model.run_with_cache(torch.tensor([[4]]), torch.tensor([[1]]), names="*.hook_nothing")
    with _raises("Did you mean"):
        model.hook_point("decoder.layers.1.cross_attn.hook_z ")


def test_unknown_name_in_the_cache(cache):
    with _raises("Did you mean", "'encoder.layers.1.self_attn.hook_weights'"):
        cache["encoder.layers.1.self_attn.hook_weigths"]


@pytest.mark.parametrize("layer", [2, -3, 10])
def test_layer_out_of_range(cache, layer):
    with _raises(f"layer {layer}", "out of range", "0 to 1"):
        cache.attention("encoder", layer)


@pytest.mark.parametrize("head", [4, -5])
def test_head_out_of_range(cache, head):
    with _raises(f"head {head}", "out of range", "0 to 3"):
        cache.attention("cross", 0, head=head)


def test_batch_item_and_part_out_of_range(cache):
    with _raises("batch item 1", "out of range"):
        cache.attention("decoder", 0, batch=1)
    with _raises("'nowhere'", "encoder"):
        cache.attention("nowhere", 0)
    decoder_only = tiny_model("decoder-only", seed=1)
    gpt_cache = decoder_only.run_with_cache(torch.tensor([[4, 5]]), names="*.hook_weights")
    with _raises("no cross attention"):
        gpt_cache.stack_attention("cross")


def test_d_model_not_divisible_by_heads():
    with _raises("d_model=10", "n_heads=3", "not divisible"):
        TransformerConfig(d_model=10, n_heads=3)
    with _raises("not divisible"):
        tiny_config(d_model=16, n_heads=5)


def test_other_bad_config_values():
    with _raises("shape='gpt'"):
        tiny_config(shape="gpt")
    with _raises("dropout"):
        tiny_config(dropout=1.5)
    with _raises("unknown config keys", "d_modle"):
        TransformerConfig.from_dict({"d_modle": 8})


def test_hook_not_captured(cache):
    name = "encoder.layers.0.self_attn.hook_q"
    with _raises(repr(name), "not captured", "names="):
        cache[name]


def test_encoder_decoder_needs_a_target(model):
    with _raises("source and target", "generate"):
        model(torch.tensor([[4, 5]]))
    gpt = Transformer(tiny_config(shape="decoder-only"))
    with _raises("one id tensor"):
        gpt(torch.tensor([[4]]), torch.tensor([[4]]))
    bert = Transformer(tiny_config(shape="encoder-only"))
    with _raises("does not generate"):
        bert.generate(torch.tensor([[4]]))


@pytest.mark.parametrize("tokenizer", [CharTokenizer(list("abc")), WordTokenizer(["a", "b"])])
def test_empty_text_to_tokenizer(tokenizer):
    with _raises("empty"):
        tokenizer.encode("")
    with _raises("expected text"):
        tokenizer.encode(None)
    with _raises("id 99", "outside the vocabulary"):
        tokenizer.piece(99)


def test_generation_and_cache_arguments_are_checked() -> None:
    """max_new_tokens < 1, a padded prompt and a boolean head index are refused, not guessed."""
    decoder = tiny_model("decoder-only")
    prompt = torch.tensor([[5, 6, 7]])
    with pytest.raises(VizTransformerError, match="max_new_tokens must be at least 1"):
        decoder.generate(prompt, max_new_tokens=-1)
    with pytest.raises(VizTransformerError, match="prompt contains <pad>"):
        decoder.generate(torch.tensor([[5, 6, 0]]))
    cache = decoder.run_with_cache(prompt)
    with pytest.raises(VizTransformerError, match="head True is out of range"):
        cache.attention("decoder", 0, head=True)
