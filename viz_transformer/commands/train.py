"""Train a toy task's model and save it as a checkpoint (the shipped folder by default).

``python -m viz_transformer train reverse`` writes ``reverse.safetensors`` + ``reverse.json``
into ``viz_transformer/checkpoints/`` when the model reaches its bar (into the current
directory when it does not); ``--out`` writes elsewhere.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..checkpoints import save_checkpoint
from ..pretrained import checkpoint_dir
from ..tasks import TASKS, get_task
from ..training import TrainingResult, train


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("task", choices=sorted(TASKS), help="the task to train")
    parser.add_argument(
        "--out",
        type=Path,
        help="checkpoint path (default: the package's checkpoints folder if the bar is reached)",
    )
    parser.add_argument("--seconds", type=float, default=120.0, help="time budget (default 120)")
    parser.add_argument("--steps", type=int, help="most updates (default: the task's recipe)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--threads", type=int, default=2, help="CPU threads torch may use (default 2)"
    )


def destination(out: Path | None, result: TrainingResult) -> Path:
    """Where to save: ``--out`` if given, else the shipped folder, but only for a model that
    reaches its bar; a weaker run goes to the current directory, so a short experiment never
    replaces a working shipped model the notebooks rely on."""
    if out is not None:
        return out
    folder = checkpoint_dir() if result.passed else Path.cwd()
    return folder / f"{result.task.name}.safetensors"


def run(args: argparse.Namespace) -> int:
    task = get_task(args.task)
    result = train(
        task, seconds=args.seconds, steps=args.steps, seed=args.seed, threads=args.threads
    )
    path = save_checkpoint(result.checkpoint(), destination(args.out, result))
    verdict = "reaches" if result.passed else "MISSES"
    print(
        f"{task.name}: held-out accuracy {result.accuracy:.2%} ({verdict} the bar "
        f"{task.recipe.target:.0%}) after {result.steps} steps in {result.seconds:.1f} s; "
        f"saved {path} ({path.stat().st_size / 1e6:.2f} MB)"
    )
    return 0 if result.passed else 1
