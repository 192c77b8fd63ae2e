"""The trained models shipped inside the package: list them, load them, read their history.

Everything is read from ``viz_transformer/checkpoints/`` (package data): no network, no
pickle, so a classroom without internet works from the first start.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .checkpoints import Checkpoint, load_checkpoint
from .errors import VizTransformerError
from .model import Transformer
from .tokenizers import Tokenizer


def checkpoint_dir() -> Path:
    """The folder the shipped checkpoints live in (and ``train`` writes to by default)."""
    return Path(str(resources.files("viz_transformer.checkpoints")))


def available_models() -> list[str]:
    """Names of the shipped models: every ``NAME.safetensors`` with its ``NAME.json``."""
    folder = checkpoint_dir()
    return sorted(p.stem for p in folder.glob("*.safetensors") if p.with_suffix(".json").is_file())


def load_pretrained_checkpoint(name: str) -> Checkpoint:
    """A shipped checkpoint in full: model, tokenizer, snapshots and facts (accuracy, training)."""
    names = available_models()
    if name not in names:
        raise VizTransformerError(
            f"no shipped model called {name!r}; the shipped models are {names}. "
            f"Train one with `python -m viz_transformer train {name}` if {name!r} is a task."
        )
    return load_checkpoint(checkpoint_dir() / f"{name}.safetensors")


def load_pretrained(name: str) -> tuple[Transformer, Tokenizer]:
    """(model, tokenizer) of a shipped model, the model in eval mode: ``load_pretrained("reverse")``."""
    checkpoint = load_pretrained_checkpoint(name)
    return checkpoint.model, checkpoint.tokenizer
