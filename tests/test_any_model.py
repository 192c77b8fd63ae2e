"""Any model in the attention explorer: Hugging Face (BERT, GPT-2, BART with cross-attention),
TransformerLens and torch.nn models are drawn with their own attention weights, read through
``viz_transformer.adapters``; the grid, lines and detector views read the same run."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from any_model_helpers import (
    TEXT,
    WORDPIECE_VOCAB,
    bart,
    bart_tokenizer,
    bert,
    byte_bpe,
    gpt2,
    hooked_transformer,
    t5,
    torch_transformer,
    wordpiece,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import viz_transformer as vt
from viz_transformer import VizTransformerError
from viz_transformer.adapters import ModuleInput, foreign_model, record_attention
from viz_transformer.hooks.cache import ActivationCache
from viz_transformer.hooks.names import attention_hook
from viz_transformer.pictures.detectors.view import head_detectors, pattern_score, pattern_targets
from viz_transformer.pictures.grid.view import attention_grid
from viz_transformer.pictures.lines.view import head_lines
from viz_transformer.runs.text_run import TextRun, Words
from viz_transformer.runs.words import merge_words


def drawn(explorer, part: str, layer: int, head: int) -> np.ndarray:
    """The heatmap the explorer shows after setting its part, layer and head controls."""
    explorer.part.value = part
    explorer.layer.value = layer
    explorer.head.value = head
    assert explorer.error == ""
    return np.asarray(explorer.figure.data[0].z, dtype=float)


def hf_reference(model, tokenizer, text: str = TEXT):
    """The library's own output_attentions for ``text`` (encoder-only, decoder-only)."""
    encoded = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        return model(**encoded, output_attentions=True).attentions


@pytest.mark.parametrize(("build", "tokenizer", "part"), [
    (bert, wordpiece, "encoder"), (gpt2, byte_bpe, "decoder"),
])  # fmt: skip
def test_the_explorer_draws_a_hugging_face_models_own_attention(build, tokenizer, part):
    model, tok = build(), tokenizer()
    expected = hf_reference(model, tok)
    explorer = vt.explorers.AttentionExplorer((model, tok), TEXT)
    assert explorer.part.options == (part,)
    assert explorer.model.label == f"your model ({type(model).__name__})"
    for layer, head in [(0, 0), (1, 3), (1, 1)]:
        np.testing.assert_allclose(drawn(explorer, part, layer, head),
                                   expected[layer][0, head], atol=1e-6)  # fmt: skip
    run = explorer.run
    for layer in range(2):  # the grid, the lines and the detectors read the same weights
        np.testing.assert_allclose(attention_grid(run.cache, part).weights[layer],
                                   expected[layer][0], atol=1e-6)  # fmt: skip
        np.testing.assert_allclose(head_lines(run.cache, part, layer).weights,
                                   expected[layer][0], atol=1e-6)  # fmt: skip
    panels = head_detectors(run.cache, part, *run.tokens(part))
    n = expected[0].shape[-1]
    targets = pattern_targets("previous", n, n, *run.tokens(part))
    scores = pattern_score(torch.stack([a[0] for a in expected]).numpy(), targets)
    previous = next(p for p in panels if "previous" in p.title)
    np.testing.assert_allclose(previous.values, scores, atol=1e-6)


@pytest.mark.parametrize("build", [bart, t5])
def test_an_encoder_decoder_shows_encoder_decoder_and_cross_attention_of_its_greedy_answer(build):
    model, tok = build(), bart_tokenizer()
    encoded = tok(TEXT, return_tensors="pt")
    with torch.no_grad():  # the decoder reads what the model writes, greedily
        generated = model.generate(**encoded, do_sample=False, num_beams=1, max_new_tokens=20)
        out = model(**encoded, decoder_input_ids=generated[:, :-1], output_attentions=True)
    explorer = vt.explorers.AttentionExplorer((model, tok), TEXT)
    assert explorer.part.options == ("encoder", "decoder", "cross")
    for part, expected in [("encoder", out.encoder_attentions),
                           ("decoder", out.decoder_attentions),
                           ("cross", out.cross_attentions)]:  # fmt: skip
        for layer, head in [(0, 1), (1, 3)]:
            np.testing.assert_allclose(drawn(explorer, part, layer, head),
                                       expected[layer][0, head], atol=1e-6)  # fmt: skip
        np.testing.assert_allclose(attention_grid(explorer.run.cache, part).weights,
                                   torch.stack([a[0] for a in expected]), atol=1e-6)  # fmt: skip
    assert "&lt;/s>" in explorer.figure.layout.xaxis.ticktext  # plotly would read </s> as a tag
    queries, keys = explorer.run.tokens("cross")
    assert len(keys) == encoded["input_ids"].shape[1] == out.cross_attentions[0].shape[-1]
    assert len(queries) == generated.shape[1] - 1 == out.cross_attentions[0].shape[-2] >= 4


def test_a_hooked_transformer_is_drawn_with_its_own_hook_pattern_and_queries():
    tok = byte_bpe()
    model = hooked_transformer(len(tok))
    ids = tok(TEXT, return_tensors="pt")["input_ids"]
    _, cache = model.run_with_cache(ids)
    explorer = vt.explorers.AttentionExplorer((model, tok), TEXT)
    assert explorer.model.label == "your model (HookedTransformer)"
    for layer, head in [(0, 2), (1, 0)]:
        np.testing.assert_allclose(drawn(explorer, "decoder", layer, head),
                                   cache[f"blocks.{layer}.attn.hook_pattern"][0, head].detach(),
                                   atol=1e-6)  # fmt: skip
    run = explorer.run
    q = cache["blocks.1.attn.hook_q"].transpose(1, 2)  # [batch, head, pos, d_head]
    torch.testing.assert_close(run.cache["decoder.layers.1.self_attn.hook_q"], q)
    np.testing.assert_allclose(head_lines(run.cache, "decoder", 1, [0, 3]).weights,
                               cache["blocks.1.attn.hook_pattern"][0, [0, 3]].detach(),
                               atol=1e-6)  # fmt: skip


def test_a_hooked_transformer_reads_words_of_its_token_labels():
    labels = [f"w{i}" for i in range(20)]
    model = hooked_transformer(len(labels), seed=1)
    _, cache = model.run_with_cache(torch.tensor([[3, 1, 4, 1, 5]]))
    explorer = vt.explorers.AttentionExplorer((model, labels), "w3 w1 w4 w1 w5")
    assert explorer.run.source_tokens == ["w3", "w1", "w4", "w1", "w5"]
    np.testing.assert_allclose(drawn(explorer, "decoder", 1, 2),
                               cache["blocks.1.attn.hook_pattern"][0, 2].detach(), atol=1e-6)  # fmt: skip
    explorer.text.value = "w3 nine"
    assert "not among them: nine" in explorer.error


def test_an_nn_transformer_is_drawn_from_its_given_inputs_and_labels():
    model = torch_transformer()
    src, tgt = torch.randn(1, 4, 16), torch.randn(1, 3, 16)
    with torch.no_grad(), record_attention(model) as expected:
        model(src, tgt)
    given = ModuleInput((src, tgt), ["I", "am", "a", "robot"], ["<bos>", "je", "suis"])
    explorer = vt.explorers.AttentionExplorer((model, given), "ignored")
    assert explorer.text.disabled
    for part, path in [("encoder", "encoder.layers.1.self_attn"),
                       ("decoder", "decoder.layers.0.self_attn"),
                       ("cross", "decoder.layers.1.multihead_attn")]:  # fmt: skip
        np.testing.assert_allclose(drawn(explorer, part, int(path.split(".")[2]), 3),
                                   expected[path][0, 3], atol=1e-6)  # fmt: skip
    assert explorer.run.tokens("cross") == (["<bos>", "je", "suis"], ["I", "am", "a", "robot"])


@pytest.mark.parametrize(("build", "tokenizer", "part"), [
    (gpt2, byte_bpe, "decoder"), (t5, bart_tokenizer, "cross"),
])  # fmt: skip
def test_an_sdpa_model_is_switched_to_eager_for_the_capture_and_back(build, tokenizer, part):
    eager, sdpa, tok = build("eager"), build("sdpa"), tokenizer()
    encoded = tok(TEXT, return_tensors="pt")
    extra = {"decoder_input_ids": encoded["input_ids"][:, :2]} if part == "cross" else {}
    with torch.no_grad():  # SDPA itself returns no weights in transformers 5.23
        out = sdpa(**encoded, **extra, output_attentions=True)
    assert not (out.cross_attentions if part == "cross" else out.attentions)
    explorer = vt.explorers.AttentionExplorer((sdpa, tok), TEXT)
    reference = vt.explorers.AttentionExplorer((eager, tok), TEXT)
    np.testing.assert_allclose(drawn(explorer, part, 1, 2), drawn(reference, part, 1, 2))
    implementations = {
        m.config._attn_implementation for m in sdpa.modules() if hasattr(m, "config")
    }
    assert implementations == {"sdpa"}  # every config back as it was, T5's stacks' copies too


def test_a_model_that_cannot_switch_to_eager_is_refused_naming_the_setting(monkeypatch):
    model, tok = gpt2("sdpa"), byte_bpe()

    def refuse(implementation, **_):
        raise ValueError("no eager here")

    monkeypatch.setattr(model, "set_attn_implementation", refuse)
    with pytest.raises(VizTransformerError, match='attn_implementation="eager"'):
        foreign_model((model, tok)).run(TEXT)


def test_subword_pieces_read_as_people_read_them():
    tok = byte_bpe()
    run = foreign_model((gpt2(), tok)).run("the cat 中")
    pieces = tok.convert_ids_to_tokens(tok("the cat 中")["input_ids"])
    assert len(pieces) == len(run.source_tokens)
    labelled = dict(zip(pieces, run.source_tokens, strict=True))
    words = [p for p in pieces if p.startswith("Ġ") and p[1:].isascii() and p[1:]]
    assert words and all(labelled[p] == p[1:] for p in words)  # Ġ, the space, is not shown
    # 中 is three bytes, three pieces here: each shows the character, … where it goes on
    assert run.source_tokens[-3:] == ["中…", "…中…", "…中"]
    assert run.words["source"].labels[-1] == "中"
    bert_run = foreign_model((bert(), wordpiece())).run("the dog is playing 中文")
    assert bert_run.source_tokens == ["[CLS]", "the", "dog", "is", "play", "##ing", "中", "文",
                                      "[SEP]"]  # fmt: skip
    assert bert_run.words["source"].labels == ("[CLS]", "the", "dog", "is", "playing", "中",
                                               "文", "[SEP]")  # fmt: skip


def test_whole_words_merge_pieces_and_rows_still_sum_to_one():
    model, tok = bert(), wordpiece()
    explorer = vt.explorers.AttentionExplorer((model, tok), TEXT)
    pieces = drawn(explorer, "encoder", 1, 1)
    explorer.words.value = True
    words = np.asarray(explorer.figure.data[0].z, dtype=float)
    assert list(explorer.figure.layout.xaxis.ticktext) == [
        "[CLS]",
        "the",
        "dog",
        "is",
        "playing",
        "[SEP]",
    ]
    np.testing.assert_allclose(words.sum(-1), 1, atol=1e-6)
    # "playing" = play + ##ing: its column sums theirs, its row averages theirs
    np.testing.assert_allclose(words[:4, 4], pieces[:4, 4] + pieces[:4, 5], atol=1e-6)
    np.testing.assert_allclose(words[4, :4], (pieces[4, :4] + pieces[5, :4]) / 2, atol=1e-6)
    assert explorer.model_runs == 1  # merging does not run the model again


def test_bad_choices_are_refused_with_what_is_accepted():
    with pytest.raises(VizTransformerError, match="HookedTransformer"):
        vt.explorers.AttentionExplorer((object(), object()))
    with pytest.raises(VizTransformerError, match="do not belong together"):
        vt.explorers.AttentionExplorer((bert(), byte_bpe()))  # 300 tokens, 18 embeddings
    with pytest.raises(VizTransformerError, match="Hugging Face tokenizer"):
        foreign_model((gpt2(), WORDPIECE_VOCAB)).run(TEXT)
    with pytest.raises(VizTransformerError, match="ModuleInput"):
        vt.explorers.AttentionExplorer((torch_transformer(), ["a", "b"]))
    with pytest.raises(
        VizTransformerError, match="viz_transformer Transformer"
    ):  # others: ours only
        vt.explorers.MaskExplorer((gpt2(), byte_bpe()))


def _words(starts: list[bool]) -> Words:
    """Words from "does piece i start a word" (the first piece always does)."""
    index = tuple(itertools.accumulate([0, *(int(s) for s in starts[1:])]))
    return Words(index, tuple(f"w{i}" for i in range(index[-1] + 1)))


@settings(max_examples=60, deadline=None)
@given(
    source=st.lists(st.booleans(), min_size=1, max_size=9),
    written=st.lists(st.booleans(), min_size=1, max_size=6),
    seed=st.integers(0, 2**16),
)
def test_merging_pieces_into_words_keeps_every_row_a_distribution(source, written, seed):
    gen = torch.Generator().manual_seed(seed)
    n_src, n_tgt = len(source), len(written)
    tensors = {  # [batch, head, query, key], rows summing to 1
        attention_hook("encoder", 0): torch.randn(1, 3, n_src, n_src, generator=gen).softmax(-1),
        attention_hook("cross", 0): torch.randn(1, 3, n_tgt, n_src, generator=gen).softmax(-1),
    }
    cache = ActivationCache(tensors, list(tensors), 3)
    words = {"source": _words(source), "target": _words(written), "written": _words(written)}
    run = TextRun((), cache, ["p"] * n_src, ["p"] * n_tgt, ["p"] * n_tgt, "", words=words)
    merged = merge_words(run)
    for part in ("encoder", "cross"):
        weights = merged.cache.attention(part, 0)  # [head, word, word]
        queries, keys = merged.tokens(part)
        assert weights.shape == (3, len(queries), len(keys))
        torch.testing.assert_close(weights.sum(-1), torch.ones(3, len(queries)))
    assert merged.source_tokens == list(words["source"].labels)


def test_the_lines_linked_and_rollout_explorers_take_a_hugging_face_model_too():
    """The lines (and so the linked grid/detector explorer) and rollout pictures read the
    same adapter run: their data are GPT-2's own ``output_attentions``."""
    model, tok = gpt2(), byte_bpe()
    ids = tok(TEXT, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        theirs = model(ids, output_attentions=True).attentions  # per layer [1, head, q, k]
    lines = vt.explorers.LinesExplorer((model, tok), TEXT)
    lines.layer.value, lines.heads.value = 1, (0, 2)
    np.testing.assert_allclose(lines.view.weights, theirs[1][0, [0, 2]], atol=1e-6)
    linked = vt.explorers.LinkedAttentionExplorer((model, tok), TEXT)
    linked.open_head(1, 3)
    np.testing.assert_allclose(linked.heatmap.weights, theirs[1][0, 3], atol=1e-6)
    np.testing.assert_allclose(np.asarray(linked.heatmap_figure.data[0].z, dtype=float),
                               theirs[1][0, 3], atol=1e-6)  # fmt: skip
    rollout = vt.explorers.RolloutExplorer((model, tok), TEXT)
    mixed = [0.5 * a[0].mean(0).double() + 0.5 * torch.eye(a.shape[-1]) for a in theirs]
    first, second = (m / m.sum(-1, keepdim=True) for m in mixed)
    np.testing.assert_allclose(rollout.view.rollout, second @ first, atol=1e-6)
