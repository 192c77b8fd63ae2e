"""The toy tasks: their data is what the task says, fits the model, and the held-out split is
never drawn for training."""

from __future__ import annotations

import datetime
import random

import pytest

from viz_transformer import VizTransformerError
from viz_transformer.tasks import TASKS, get_task, is_held_out
from viz_transformer.tasks.count import label
from viz_transformer.tasks.dates import FORMATS
from viz_transformer.training import make_batch

NAMES = sorted(TASKS)


@pytest.mark.parametrize("name", NAMES)
def test_training_examples_are_never_held_out(name: str) -> None:
    task = get_task(name)
    train = task.examples(3000, seed=0)
    held_out = task.examples(300, seed=1, split="held-out")
    assert not any(task.is_held_out(e) for e in train)
    assert all(task.is_held_out(e) for e in held_out)
    train_keys = {task.split_key(e) for e in train}
    assert train_keys.isdisjoint(task.split_key(e) for e in held_out)


@pytest.mark.parametrize("name", NAMES)
def test_the_training_stream_skips_what_the_raw_generator_would_hold_out(name: str) -> None:
    """The generator itself draws held-out examples too; the filter is what keeps them out."""
    task = get_task(name)
    rng = random.Random(7)
    drawn = [task.draw(rng) for _ in range(2000)]
    assert any(task.is_held_out(e) for e in drawn)  # so the filter has work to do
    assert not any(task.is_held_out(e) for e in task.examples(2000, seed=7))


def test_the_split_depends_on_the_key_alone() -> None:
    keys = [f"key{i}" for i in range(4000)]
    first = [is_held_out(k) for k in keys]
    assert first == [is_held_out(k) for k in keys]
    assert 0.04 < sum(first) / len(keys) < 0.09  # about one in sixteen


def test_dates_are_held_out_by_date_so_no_format_of_a_held_out_date_is_trained() -> None:
    task = get_task("dates")
    held_dates = {e.target for e in task.examples(200, seed=3, split="held-out")}
    trained_dates = {e.target for e in task.examples(20000, seed=4)}
    assert held_dates.isdisjoint(trained_dates)


@pytest.mark.parametrize("name", NAMES)
def test_examples_repeat_for_a_seed_and_differ_between_seeds(name: str) -> None:
    task = get_task(name)
    assert task.examples(50, seed=5) == task.examples(50, seed=5)
    assert task.examples(50, seed=5) != task.examples(50, seed=6)


@pytest.mark.parametrize("name", NAMES)
def test_every_character_is_in_the_vocabulary_and_fits_the_model(name: str) -> None:
    task = get_task(name)
    examples = [*task.examples(1000, seed=0), task.probe]
    for e in examples:
        task.tokenizer.encode(e.source, strict=True)
        task.tokenizer.encode(e.target, strict=True)
    assert len(task.tokenizer) == task.config.src_vocab
    for ids in make_batch(task, examples).inputs:
        assert ids.shape[1] <= task.config.max_len


def test_reverse_targets_are_sources_backwards() -> None:
    for e in get_task("reverse").examples(200, seed=0):
        assert e.target == e.source[::-1]
        assert 4 <= len(e.source) <= 16
        assert e.source.isalnum() and e.source.lower() == e.source


def test_dates_formats_of_one_day() -> None:
    day = datetime.date(2026, 11, 21)
    written = {f(day) for f in FORMATS}
    assert {"21 Nov 2026", "November 21, 2026", "21/11/2026", "2026年11月21日"} <= written
    assert len(written) == len(FORMATS)


def test_dates_targets_are_iso_dates_of_the_source() -> None:
    for e in get_task("dates").examples(300, seed=0):
        date = datetime.date.fromisoformat(e.target)
        assert e.source in {f(date) for f in FORMATS}


def test_induction_repeats_distinct_tokens() -> None:
    for e in get_task("induction").examples(200, seed=0):
        assert e.source == e.target
        assert len(set(e.source)) == len(e.source)


def test_count_labels_each_letter_with_its_number_of_copies() -> None:
    assert label("abcab") == "22122"
    for e in get_task("count").examples(200, seed=0):
        assert [int(n) for n in e.target] == [e.source.count(ch) for ch in e.source]


def test_unknown_task_names_the_known_ones() -> None:
    with pytest.raises(VizTransformerError, match="reverse"):
        get_task("revrese")
