"""Law: tokenizers round-trip text, keep the special ids fixed, and map unknowns to <unk>.

The seed texts ("how are you?", "I am a robot", the mountain-road rescue message and its
command) decode back to themselves with the character and the word tokenizer; ids 0-3 are
<pad> <bos> <eos> <unk>; an unknown piece becomes id 3, or an error with ``strict=True``;
``to_dict`` / ``tokenizer_from_dict`` rebuild the same tokenizer. Hypothesis checks the
character tokenizer's round trip on arbitrary text over its vocabulary, and on any text once
the vocabulary is built from it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viz_transformer import VizTransformerError
from viz_transformer.tokenizers import CharTokenizer, WordTokenizer, tokenizer_from_dict

RESCUE = "山区公路积雪3米,断电,50人被困,急需发电机和医疗队"
COMMAND = "派3台除雪车至A7公路,医疗队随行,协调电力公司恢复供电"
SEEDS = ["how are you?", "I am a robot", RESCUE, COMMAND]
KINDS = [CharTokenizer, WordTokenizer]


@pytest.fixture(params=KINDS, ids=lambda cls: cls.kind)
def tokenizer(request):
    return request.param.from_corpus(SEEDS)


@pytest.mark.parametrize("text", SEEDS)
def test_seed_texts_round_trip(tokenizer, text):
    ids = tokenizer.encode(text, add_bos=True, add_eos=True)
    assert ids[0] == 1 and ids[-1] == 2
    assert 3 not in ids
    assert tokenizer.decode(ids) == text


def test_pieces_of_the_seeds():
    word = WordTokenizer.from_corpus(SEEDS)
    assert word.split("how are you?") == ["how", "are", "you", "?"]
    assert word.split(COMMAND)[:6] == ["派", "3", "台", "除", "雪", "车"]
    assert "A7" in word.split(COMMAND) and "50" in word.split(RESCUE)
    char = CharTokenizer.from_corpus(SEEDS)
    assert char.split("山区3米") == ["山", "区", "3", "米"]
    assert len(char.encode(RESCUE)) == len(RESCUE)


def test_special_ids(tokenizer):
    assert tokenizer.itos[:4] == ["<pad>", "<bos>", "<eos>", "<unk>"]
    specials = (tokenizer.pad_id, tokenizer.bos_id, tokenizer.eos_id, tokenizer.unk_id)
    assert specials == (0, 1, 2, 3)
    assert [tokenizer.stoi[s] for s in ("<pad>", "<bos>", "<eos>", "<unk>")] == [0, 1, 2, 3]
    assert len(set(tokenizer.itos)) == len(tokenizer) == tokenizer.vocab_size


def test_decode_stops_at_eos_and_skips_specials(tokenizer):
    hello = tokenizer.encode("how are you?")
    ids = [1, *hello, 2, *tokenizer.encode("I am a robot"), 0]
    assert tokenizer.decode(ids) == "how are you?"
    assert tokenizer.pieces([0, 1, 2, 3]) == ["<pad>", "<bos>", "<eos>", "<unk>"]
    assert tokenizer.decode([0, *hello, 0]) == "how are you?"


def test_unknown_pieces_become_unk(tokenizer):
    text = "how are you 朋友?"
    ids = tokenizer.encode(text)
    unknown = {p for p in tokenizer.split(text) if p not in tokenizer.stoi}
    assert unknown == {"朋", "友"}
    expected = [3 if p in unknown else tokenizer.stoi[p] for p in tokenizer.split(text)]
    assert ids == expected
    assert ids.count(3) == 2
    with pytest.raises(VizTransformerError, match="朋"):
        tokenizer.encode(text, strict=True)


def test_dict_round_trip(tokenizer):
    data = tokenizer.to_dict()
    rebuilt = tokenizer_from_dict(data)
    assert type(rebuilt) is type(tokenizer)
    assert rebuilt.itos == tokenizer.itos
    for text in SEEDS:
        assert rebuilt.encode(text) == tokenizer.encode(text)


def test_dict_that_is_not_a_tokenizer_is_refused():
    with pytest.raises(VizTransformerError, match="not a tokenizer"):
        tokenizer_from_dict({"kind": "bpe", "vocab": []})
    with pytest.raises(VizTransformerError, match="not a tokenizer"):
        tokenizer_from_dict({"kind": "char", "vocab": ["a", "b"]})


VOCAB = sorted(set("".join(SEEDS)))


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.sampled_from(VOCAB), min_size=1, max_size=40))
def test_char_round_trip_over_its_vocabulary(text):
    tokenizer = CharTokenizer.from_corpus(SEEDS)
    ids = tokenizer.encode(text)
    assert 3 not in ids and len(ids) == len(text)
    assert tokenizer.decode(ids) == text


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_char_round_trip_on_any_text_with_its_own_vocabulary(text):
    tokenizer = CharTokenizer.from_corpus([text])
    assert tokenizer.decode(tokenizer.encode(text, add_bos=True, add_eos=True)) == text
    assert tokenizer_from_dict(tokenizer.to_dict()).encode(text) == tokenizer.encode(text)
