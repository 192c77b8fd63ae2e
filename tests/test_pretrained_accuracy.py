"""The shipped checkpoints: each loads offline, reaches its bar on held-out examples drawn
fresh here, and its attention shows what the task is known for."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from viz_transformer import available_models, load_pretrained
from viz_transformer.pretrained import checkpoint_dir, load_pretrained_checkpoint
from viz_transformer.tasks import TASKS, Example, get_task
from viz_transformer.training import IGNORE, accuracy, make_batch
from viz_transformer.training.table import training_table

NAMES = sorted(TASKS)
SEED = 2026  # not a seed training used: these held-out examples are new to the run too


def held_out(name: str, n: int = 300) -> list[Example]:
    return get_task(name).examples(n, seed=SEED, split="held-out")


def test_every_task_ships_a_checkpoint() -> None:
    assert available_models() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_shipped_model_reaches_its_bar_on_fresh_held_out_examples(name: str) -> None:
    model, tokenizer = load_pretrained(name)
    task = get_task(name)
    assert not model.training
    assert tokenizer.itos == task.tokenizer.itos and model.config == task.config
    assert accuracy(model, task, held_out(name)) >= task.recipe.target


@pytest.mark.parametrize("name", NAMES)
def test_shipped_files_are_small_and_say_how_they_were_made(name: str) -> None:
    folder = checkpoint_dir()
    assert (folder / f"{name}.safetensors").stat().st_size <= 2_000_000
    checkpoint = load_pretrained_checkpoint(name)
    facts = checkpoint.info
    assert facts["accuracy"]["value"] >= get_task(name).recipe.target
    assert facts["training"]["seconds"] <= 120
    assert facts["training"]["command"].startswith(f"python -m viz_transformer train {name}")
    steps = [s.step for s in checkpoint.snapshots]
    assert len(steps) == 20 and steps == sorted(steps)
    assert steps[0] == 0 and steps[-1] == facts["training"]["steps"]


def mirrored_share(weights: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    """Per head, the share of output positions j < n whose cross-attention argmax is source
    position n−1−j (the source is ``s <eos>``, the decoder input ``<bos> t``: query j predicts
    t_j = s_{n−1−j}). ``weights`` is [batch, head, query, key]."""
    hits = torch.zeros(weights.shape[1])
    for item, n in enumerate(lengths):
        mirrored = torch.arange(n - 1, -1, -1)
        hits += (weights[item, :, :n].argmax(dim=-1) == mirrored).float().sum(dim=-1)
    return hits / sum(lengths)


def test_reverse_cross_attention_is_the_anti_diagonal() -> None:
    model, _ = load_pretrained("reverse")
    examples = held_out("reverse")
    last = model.config.n_decoder_layers - 1
    name = f"decoder.layers.{last}.cross_attn.hook_weights"
    weights = model.run_with_cache(*make_batch(get_task("reverse"), examples).inputs, names=name)[
        name
    ]
    lengths = [len(e.source) for e in examples]
    assert mirrored_share(weights, lengths).max() >= 0.9  # the best head
    assert mirrored_share(weights.mean(dim=1, keepdim=True), lengths).item() >= 0.9


def test_reverse_snapshots_show_the_anti_diagonal_forming() -> None:
    checkpoint = load_pretrained_checkpoint("reverse")
    n = len(checkpoint.info["probe"]["source"])
    shares = [
        mirrored_share(s.attention["cross"][-1].mean(dim=0)[None, None], [n]).item()
        for s in checkpoint.snapshots
    ]
    assert shares[0] < 0.5 and shares[-1] == 1.0


def test_induction_head_in_the_second_layer() -> None:
    """Query at the second copy of token i (position n+i, after <bos>) should attend to the
    token right after its first copy (position i+1)."""
    model, _ = load_pretrained("induction")
    examples = held_out("induction")
    name = "decoder.layers.1.self_attn.hook_weights"
    weights = model.run_with_cache(*make_batch(get_task("induction"), examples).inputs, names=name)[
        name
    ]
    on_target, count = torch.zeros(weights.shape[1]), 0
    for item, example in enumerate(examples):
        n = len(example.source)
        queries = torch.arange(n + 1, 2 * n + 1)
        on_target += weights[item][:, queries, queries - n + 1].sum(dim=-1)
        count += n
    assert (on_target / count).max() >= 0.5


def test_count_heads_attend_to_copies_of_the_same_letter() -> None:
    """Each letter's attention goes mostly to the copies of itself and to <bos>."""
    model, _ = load_pretrained("count")
    batch = make_batch(get_task("count"), held_out("count"))
    (ids,) = batch.inputs
    weights = model.run_with_cache(ids, names="encoder.layers.0.self_attn.hook_weights")[
        "encoder.layers.0.self_attn.hook_weights"
    ]
    same = (ids[:, :, None] == ids[:, None, :]) | (torch.arange(ids.shape[1]) == 0)
    share = (weights * same[:, None]).sum(dim=-1)  # [batch, head, query]
    letters = batch.labels != IGNORE
    assert share.mean(dim=1)[letters].mean() >= 0.6


def test_the_documented_table_holds_the_measured_figures() -> None:
    """docs/training-table.md (pasted into the README) is what the checkpoints record."""
    document = Path(__file__).parents[1] / "docs" / "training-table.md"
    assert training_table() in document.read_text(encoding="utf-8")
