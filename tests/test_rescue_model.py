"""The rescue model: the source articles' worked example on a trained model.

The grammar makes the articles' pair, never trains on a held-out combination of facts; the
shipped model writes the articles' command exactly, gets held-out messages right, and its
cross-attention reads like the command's reasons (除雪车 ← 积雪 3米, 恢复供电 ← 断电,
医疗队随行 ← 医疗队).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

import viz_transformer as vt
from viz_transformer.runs.text_run import run_text
from viz_transformer.tasks import Example, get_task
from viz_transformer.tasks.rescue import COMMAND, MESSAGE, ROADS, facts_key, make, plows, vehicles
from viz_transformer.training import accuracy, make_batch
from viz_transformer.training.table import training_table
from viz_transformer.training.word_dropout import drop_decoder_inputs

SEED = 2026  # not a seed training used: held-out examples new to the run too


@pytest.fixture(scope="module")
def model_and_tokenizer():
    return vt.load_pretrained("rescue")


@pytest.fixture(scope="module")
def held_out() -> list[Example]:
    return get_task("rescue").examples(300, seed=SEED, split="held-out")


# --- the grammar -----------------------------------------------------------------------------


def test_the_grammar_makes_the_articles_pair() -> None:
    example = make("山区公路", "积雪3米", True, 50, ["发电机", "医疗队"], [0, 1, 2, 3])
    assert example == Example(
        "山区公路积雪3米,断电,50人被困,急需发电机和医疗队",
        "派3台除雪车至A7公路,医疗队随行,协调电力公司恢复供电",
    )
    assert get_task("rescue").probe == example == Example(MESSAGE, COMMAND)


def test_vehicles_one_plow_per_started_metre_one_excavator_per_landslide() -> None:
    assert [plows(d) for d in ("3米", "1米", "9米", "30厘米", "80厘米")] == [3, 1, 9, 1, 1]
    assert vehicles("积雪3米") == "3台除雪车" and vehicles("塌方2处") == "2台挖掘机"


def test_the_command_follows_the_message_in_any_clause_order() -> None:
    examples = get_task("rescue").examples(500, seed=0)
    for e in examples:
        clauses = e.source.split(",")
        road = next(c for c in clauses if c[:4] in ROADS)
        needs = next(c for c in clauses if c.startswith("急需"))
        assert e.target.startswith(f"派{vehicles(road[4:])}至{ROADS[road[:4]]}")
        assert ("医疗队随行" in e.target) == ("医疗队" in needs)
        assert ("协调电力公司恢复供电" in e.target) == ("断电" in clauses)
    first_clauses = {e.source.split(",")[0][-2:] for e in examples}
    assert len(first_clauses) >= 4  # the clauses really come in varying orders


def test_held_out_combinations_are_never_drawn_for_training() -> None:
    task = get_task("rescue")
    held = {facts_key(e) for e in task.examples(300, seed=3, split="held-out")}
    trained = {facts_key(e) for e in task.examples(20000, seed=4)}
    assert held and held.isdisjoint(trained)
    assert len(trained) > 2000  # nearly every training combination was drawn: a real test


# --- the shipped model -----------------------------------------------------------------------


def test_greedy_decoding_writes_the_articles_command(model_and_tokenizer) -> None:
    run = run_text(*model_and_tokenizer, MESSAGE)
    assert run.output_text == COMMAND
    assert run.written_tokens[-1] == "<eos>"


def test_held_out_messages_exact_match(model_and_tokenizer, held_out) -> None:
    model, _ = model_and_tokenizer
    assert accuracy(model, get_task("rescue"), held_out) >= 0.99


def test_word_dropout_hides_only_fed_target_tokens() -> None:
    task = get_task("rescue")
    batch = make_batch(task, task.examples(64, seed=0))
    dropped = drop_decoder_inputs(batch, task, 0.3, torch.Generator().manual_seed(0))
    source, target = batch.inputs
    assert torch.equal(dropped.inputs[0], source) and torch.equal(dropped.labels, batch.labels)
    changed = dropped.inputs[1] != target
    assert (dropped.inputs[1][changed] == task.tokenizer.unk_id).all()
    assert not changed[:, 0].any() and not changed[target == task.tokenizer.pad_id].any()
    assert 0.2 < changed.sum() / (target != task.tokenizer.pad_id).sum() < 0.4
    assert drop_decoder_inputs(batch, task, 0.0, torch.Generator()) is batch


# --- cross-attention a reader can check ------------------------------------------------------

# what the decoder writes → the words of the message that call for it (the articles' teams:
# traffic reads 积雪 and the depth, power reads 断电, medical reads 医疗队)
ALIGNMENT = {
    "除雪车": ("积雪",),  # and the depth after it, up to the clause's end (see source_span)
    "恢复供电": ("断电",),
    "医疗队随行": ("医疗队",),
}
# the first character of each phrase: where the message decides what is written next
DECISIONS = {"除": ("积雪",), "协": ("断电",), "医": ("医疗队",)}


def source_span(source: str, words: tuple[str, ...]) -> list[int]:
    """Positions of ``words`` in ``source``; 积雪 extends to its clause's end (积雪3米, 积雪80厘米)."""
    positions = []
    for word in words:
        start = source.index(word)
        end = start + len(word)
        if word == "积雪":
            end = source.find(",", start) if "," in source[start:] else len(source)
        positions += range(start, end)
    return positions


def weight_on_span(
    model, examples: list[Example], alignment: dict[str, tuple[str, ...]]
) -> tuple[dict[str, torch.Tensor], dict[str, float]]:
    """Per phrase, [layer, head]: the cross-attention weight that lands on the phrase's source
    span while the decoder writes the phrase's characters, averaged over its characters and
    over the examples whose command holds the phrase (teacher forced: query j writes
    target[j]); and, per phrase, what evenly spread attention would put on the span."""
    task = get_task("rescue")
    names = [f"decoder.layers.{i}.cross_attn.hook_weights" for i in range(2)]
    cache = model.run_with_cache(*make_batch(task, examples).inputs, names=names)
    weights = torch.stack([cache[name] for name in names], dim=1)  # [batch, layer, head, q, k]
    shares, uniform = {}, {}
    for phrase, words in alignment.items():
        total, even, count = torch.zeros(weights.shape[1:3]), 0.0, 0
        for item, example in enumerate(examples):
            if phrase not in example.target:
                continue
            start = example.target.index(phrase)
            queries = list(range(start, start + len(phrase)))
            keys = source_span(example.source, words)
            total += weights[item][:, :, queries][..., keys].sum(dim=-1).mean(dim=-1)
            even += len(keys) / (len(example.source) + 1)  # keys: the source and <eos>
            count += 1
        shares[phrase], uniform[phrase] = total / count, even / count
    return shares, uniform


def test_cross_attention_reads_the_words_that_call_for_each_phrase(
    model_and_tokenizer, held_out
) -> None:
    """The last decoder layer, its heads averaged: the picture notebook 07 and the gallery show
    (no head picked by hand, and still a distribution per row). Measured on these 300
    held-out messages with the shipped checkpoint (uniform: what evenly spread attention
    would put on the span):

        while writing   on           last layer, mean   uniform   best head
        除雪车          积雪+depth   0.41               0.17      0.53
        恢复供电        断电         0.15               0.07      0.41
        医疗队随行      医疗队       0.43               0.11      0.69

    Bar: at least 2 × uniform, the floors below, and a best head ≥ 0.35. Inside a phrase the
    characters after the first are fixed by the prefix, so the decoder needs little from the
    message there (notebook 07 shows it); 恢复供电, the end of a ten-character phrase, is the
    weakest. The next test measures the characters where the message decides.
    """
    model, _ = model_and_tokenizer
    shares, uniform = weight_on_span(model, held_out, ALIGNMENT)
    floors = {"除雪车": 0.3, "恢复供电": 0.12, "医疗队随行": 0.3}
    for phrase, share in shares.items():
        last_layer_mean = float(share[-1].mean())
        assert last_layer_mean >= max(floors[phrase], 2 * uniform[phrase]), phrase
        assert float(share.max()) >= 0.35, phrase


def test_where_the_message_decides_the_decoder_reads_the_deciding_words(
    model_and_tokenizer, held_out
) -> None:
    """The first character of each phrase (除 or 挖, 医 or 协 or <eos>, …) is chosen by the
    message. Measured (same messages, same view):

        writing   on           last layer, mean   uniform   best head
        除        积雪+depth   0.60               0.17      0.99
        协        断电         0.35               0.07      0.96
        医        医疗队       0.67               0.11      0.99

    Bar: last-layer mean ≥ 0.3 and ≥ 3 × uniform; a head that reads the span ≥ 0.9.
    """
    model, _ = model_and_tokenizer
    shares, uniform = weight_on_span(model, held_out, DECISIONS)
    for written, share in shares.items():
        assert float(share[-1].mean()) >= max(0.3, 3 * uniform[written]), written
        assert float(share.max()) >= 0.9, written


def test_the_readme_table_has_the_measured_rescue_row() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [row for row in training_table().splitlines() if row.startswith("| rescue |")]
    assert len(rows) == 1 and rows[0] in readme
    assert "Five small models ship" in readme


def test_the_gallery_figure_shows_what_its_caption_says() -> None:
    """attention-rescue-cross: the rows its caption names read the words it names, the rows
    of characters fixed by the prefix are faint; labels are Chinese in both languages."""
    from viz_transformer.pictures.common.article_set import ArticleContext
    from viz_transformer.pictures.generation.article import FIGURES

    (figure,) = FIGURES
    ctx = ArticleContext(lang="zh")
    drawing = figure.build(ctx)
    ax = drawing.matplotlib.axes[0]
    assert "救援模型" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()][:6] == list("山区公路积雪")
    run = ctx.run("rescue", MESSAGE)
    queries, keys = run.tokens("cross")
    weights = ax.images[0].get_array()
    reads = {
        "3": "3",
        "除": "积雪3米",
        "A": "山区公路",
        "医": "医疗队",
        "随": "医疗队",
        "行": "医疗队",
        "协": "断电",
    }
    for written, words in reads.items():
        assert keys[int(weights[queries.index(written)].argmax())] in words, written
    assert all(weights[queries.index(c)].max() < 0.5 for c in "雪恢复供")
    assert "协 at 断电" in figure.caption_en and "协 看断电" in figure.caption_zh
