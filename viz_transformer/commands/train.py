"""Train a toy task's model and save it as a checkpoint (the shipped folder by default).

``python -m viz_transformer train reverse`` writes ``reverse.safetensors`` + ``reverse.json``
into ``viz_transformer/checkpoints/`` when the model reaches its bar (into the current
directory when it does not); ``--out`` writes elsewhere: a folder (existing, or written with
a trailing ``/``) gets ``NAME.safetensors`` + ``NAME.json`` inside it, any other path names
the weights file.

Everything is checked before training starts, so a two-minute budget is never spent on a run
that cannot be saved: the numbers (``--seconds``, ``--steps``, ``--threads``, ``--seed``) and
the destination, which must be a folder this user can write into. A file already there is
replaced only if it is a checkpoint this package wrote and nobody changed since (its JSON
says so and holds the weights' SHA-256); anything else is refused unless ``--force``. The
package's own checkpoints folder is exempt: ``train`` is what writes it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

from ..checkpoints import save_checkpoint
from ..checkpoints.layout import FORMAT, checkpoint_paths
from ..errors import VizTransformerError
from ..pretrained import checkpoint_dir
from ..tasks import TASKS, get_task
from ..training import TrainingResult, train
from .destinations import (
    number_in_range,
    out_path,
    plain_path_errors,
    probe_write,
    writable_folder,
)

THREADS = (1, 1024)  # torch takes any positive count; a typo of 10000 threads is refused
SEEDS = (0, 2**32 - 1)  # the seeds numpy and most tools accept; torch overflows past 2**64
DEFAULT_ADVICE = (
    "without --out, train saves a model that reaches its bar in the package's checkpoints "
    "folder and any other in the current folder; pass --out to save elsewhere"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("task", choices=sorted(TASKS), help="the task to train")
    parser.add_argument(
        "--out",
        help="a folder for NAME.safetensors + NAME.json, or the weights file's path "
        "(default: the package's checkpoints folder if the bar is reached)",
    )
    parser.add_argument("--seconds", type=float, default=120.0, help="time budget (default 120)")
    parser.add_argument("--steps", type=int, help="most updates (default: the task's recipe)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--threads", type=int, default=2, help="CPU threads torch may use (default 2)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a file at --out that is not a checkpoint this package wrote",
    )


def check_numbers(args: argparse.Namespace) -> None:
    """Refuse a time budget, step count, thread count or seed that cannot work."""
    if not (args.seconds > 0 and args.seconds != float("inf")):  # nan fails every comparison
        raise VizTransformerError(
            f"--seconds {args.seconds!r} is not a time budget: give a positive number of "
            "seconds (training also stops after --steps updates)."
        )
    if args.steps is not None and args.steps < 1:
        raise VizTransformerError(
            f"--steps {args.steps} is not a number of updates: give 1 or more (or leave it out "
            "for the task's recipe)."
        )
    number_in_range("--threads", args.threads, *THREADS, "CPU threads for torch")
    number_in_range("--seed", args.seed, *SEEDS, "a random seed")


def planned_destinations(out: str | None, task_name: str) -> list[Path]:
    """Where the weights may go, checked before training: ``--out`` resolved (a folder gets
    ``NAME.safetensors`` inside), or, by default, the shipped folder and the current one."""
    if out is None:
        shipped = checkpoint_dir() / f"{task_name}.safetensors"
        here = Path.cwd() / f"{task_name}.safetensors"
        for path in (shipped, here):
            probe_write(path.parent, advice=DEFAULT_ADVICE)
        return [shipped, here]
    path = out_path(out, what="a folder or a checkpoint file")
    with plain_path_errors("--out", path):
        folder = path.is_dir() or str(out).endswith((os.sep, "/"))
    if folder:
        writable_folder(path)
        return [path / f"{task_name}.safetensors"]
    writable_folder(path.parent, asked=path)
    return [checkpoint_paths(path)[0]]


def refuse_foreign(weights: Path, force: bool) -> None:
    """Refuse to replace files at ``weights`` and its JSON that are not a checkpoint this
    package wrote (unchanged since), unless ``force``; a folder in the way is always refused."""
    pair = checkpoint_paths(weights)
    folders = [p for p in pair if p.is_dir()]
    if folders:
        raise VizTransformerError(
            f"{folders[0]} is a folder where train would write its checkpoint file; choose "
            "another --out (a folder gets NAME.safetensors inside it when it exists)."
        )
    if force or is_our_checkpoint(*pair):
        return
    present = [p for p in pair if p.exists() or p.is_symlink()]
    if present:
        names = " and ".join(str(p) for p in present)
        raise VizTransformerError(
            f"{names} already {'exists' if len(present) == 1 else 'exist'} and is not a "
            "checkpoint this package wrote (or changed since); nothing was trained. Choose "
            "another --out, or pass --force to replace it."
        )


def is_our_checkpoint(weights: Path, description: Path) -> bool:
    """True if neither file exists, or the JSON is this package's checkpoint description and
    the weights (if present) still have the SHA-256 it records."""
    if not weights.exists() and not description.exists():
        return not weights.is_symlink() and not description.is_symlink()
    try:
        data = json.loads(description.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    if not weights.exists():
        return True
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    return digest == data.get("weights_sha256")


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
    check_numbers(args)
    candidates = planned_destinations(args.out, task.name)
    for weights in candidates:
        if args.out is not None or weights.parent != checkpoint_dir():
            with plain_path_errors("--out", weights):
                refuse_foreign(weights, args.force)
    result = train(
        task, seconds=args.seconds, steps=args.steps, seed=args.seed, threads=args.threads
    )
    chosen = candidates[0] if args.out is not None else None
    target = destination(chosen, result)
    try:
        path = save_checkpoint(result.checkpoint(), target)
    except OSError as error:  # the disk filled up, or the folder changed during training
        raise VizTransformerError(
            f"training finished but {target} could not be written "
            f"({error.strerror or type(error).__name__}); free some space or choose another "
            "--out and train again."
        ) from None
    verdict = "reaches" if result.passed else "MISSES"
    print(
        f"{task.name}: held-out accuracy {result.accuracy:.2%} ({verdict} the bar "
        f"{task.recipe.target:.0%}) after {result.steps} steps in {result.seconds:.1f} s; "
        f"saved {path} ({path.stat().st_size / 1e6:.2f} MB)"
    )
    return 0 if result.passed else 1
