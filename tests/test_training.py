"""The training path in seconds: a few steps of every task train and save a loadable checkpoint,
runs repeat exactly for a seed, and the pieces (batches, schedule, snapshots) do their job."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import torch

from viz_transformer import Transformer
from viz_transformer.__main__ import main
from viz_transformer.checkpoints import load_checkpoint, save_checkpoint
from viz_transformer.pretrained import checkpoint_dir
from viz_transformer.tasks import TASKS, get_task
from viz_transformer.training import IGNORE, SnapshotRecorder, make_batch, train
from viz_transformer.training.determinism import deterministic
from viz_transformer.training.schedule import warmup_then_decay


@pytest.mark.parametrize("name", sorted(TASKS))
def test_a_few_steps_train_and_save_a_loadable_checkpoint(name: str, tmp_path: Path) -> None:
    result = train(get_task(name), steps=4, threads=1, held_out=20, progress=False)
    assert result.steps == 4 and 0.0 <= result.accuracy <= 1.0
    loaded = load_checkpoint(save_checkpoint(result.checkpoint(), tmp_path / name))
    assert loaded.task == name
    assert [s.step for s in loaded.snapshots] == [0, 1, 2, 3, 4]
    training = loaded.info["training"]
    assert training["steps"] == 4
    assert training["command"].startswith(f"python -m viz_transformer train {name} ")
    assert loaded.info["probe"]["source"] == get_task(name).probe.source
    for part, weights in loaded.snapshots[-1].attention.items():
        assert weights.shape[:2] == (
            loaded.model.config.n_encoder_layers
            if part == "encoder"
            else loaded.model.config.n_decoder_layers,
            loaded.model.config.n_heads,
        )


def test_the_same_seed_gives_the_same_weights() -> None:
    task = get_task("induction")
    first, second = (
        train(task, steps=5, seed=3, threads=1, held_out=10, progress=False) for _ in "ab"
    )
    different = train(task, steps=5, seed=4, threads=1, held_out=10, progress=False)
    for name, value in first.model.state_dict().items():
        assert torch.equal(value, second.model.state_dict()[name])
    assert not torch.equal(first.model.head.proj.weight, different.model.head.proj.weight)


def test_the_train_command_saves_where_asked(tmp_path: Path, capsys) -> None:
    out = tmp_path / "mine.safetensors"
    code = main(["train", "count", "--steps", "3", "--out", str(out), "--threads", "1"])
    assert code == 1  # three steps do not reach the bar, and the exit code says so
    assert "MISSES the bar" in capsys.readouterr().out
    loaded = load_checkpoint(out)
    assert loaded.info["training"]["command"] == (
        "python -m viz_transformer train count --seed 0 --seconds 120 --steps 3 --threads 1"
    )


def test_a_run_below_its_bar_never_replaces_the_shipped_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = checkpoint_dir() / "count.safetensors"
    before = shipped.read_bytes()
    monkeypatch.chdir(tmp_path)
    assert main(["train", "count", "--steps", "2", "--threads", "1"]) == 1
    assert shipped.read_bytes() == before
    assert load_checkpoint(tmp_path / "count.safetensors").info["training"]["steps"] == 2


def test_training_leaves_torch_settings_as_it_found_them() -> None:
    threads, flag = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    with deterministic(seed=0, threads=1):
        assert torch.are_deterministic_algorithms_enabled()
        assert torch.get_num_threads() == 1
    assert (torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()) == (
        threads,
        flag,
    )


def test_schedule_warms_up_then_decays_to_zero() -> None:
    factors = [warmup_then_decay(step, warmup_steps=10, total_steps=100) for step in range(101)]
    assert factors[0] == pytest.approx(0.1) and factors[9] == pytest.approx(1.0)
    assert factors[:10] == sorted(factors[:10]) and factors[10:] == sorted(factors[10:])[::-1]
    assert factors[100] == 0.0 and max(factors) == 1.0


def test_snapshots_stay_between_n_and_2n_and_evenly_spaced() -> None:
    task = get_task("count")
    model = Transformer(task.config)
    recorder = SnapshotRecorder(task, n=4)
    for step in range(101):
        if recorder.due(step):
            recorder.record(model, step, loss=1.0, accuracy=0.0)
    steps = [s.step for s in recorder.snapshots]
    assert 4 <= len(steps) <= 8 and steps[0] == 0
    assert len({b - a for a, b in itertools.pairwise(steps)}) == 1
    recorder.record(model, 101, loss=1.0, accuracy=0.0)  # the last step, off the grid
    chosen = [s.step for s in recorder.selected()]
    assert len(chosen) == 4 and chosen[0] == 0 and chosen[-1] == 101


def test_seq2seq_batches_shift_the_target_by_one() -> None:
    task = get_task("reverse")
    batch = make_batch(task, task.examples(8, seed=0))
    src, tgt_in = batch.inputs
    tok = task.tokenizer
    assert (tgt_in[:, 0] == tok.bos_id).all()
    copied = (batch.labels != IGNORE) & (batch.labels != tok.eos_id)  # the label is the next input
    assert torch.equal(tgt_in[:, 1:][copied[:, :-1]], batch.labels[:, :-1][copied[:, :-1]])
    assert ((batch.labels == tok.eos_id).sum(dim=1) == 1).all()
    assert ((src == tok.eos_id).sum(dim=1) == 1).all()


def test_induction_scores_only_the_predictable_part_of_the_repeat() -> None:
    task = get_task("induction")
    example = task.examples(1, seed=0)[0]
    batch = make_batch(task, [example])
    (ids,) = batch.inputs
    n = len(example.source)
    scored = (batch.labels[0] != IGNORE).nonzero().flatten().tolist()
    assert scored == list(range(n + 1, 2 * n))  # predictions of repeat tokens 2..n
    assert torch.equal(batch.labels[0, scored], ids[0, [p + 1 for p in scored]])


def test_count_scores_every_letter_but_not_bos() -> None:
    task = get_task("count")
    batch = make_batch(task, [task.probe])
    assert batch.labels[0, 0] == IGNORE
    assert task.tokenizer.decode(batch.labels[0, 1:].tolist()) == task.probe.target
