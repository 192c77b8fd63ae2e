"""The models an explorer can show: the shipped ones by name, or a user's (model, tokenizer)."""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..checkpoints import Checkpoint
from ..model import Transformer
from ..tokenizers import Tokenizer

ModelChoice = str | tuple[Transformer, Tokenizer]


@functools.cache
def shipped_checkpoint(name: str) -> Checkpoint:
    """A shipped checkpoint (model, tokenizer, snapshots), loaded once per kernel."""
    from ..pretrained import load_pretrained_checkpoint

    return load_pretrained_checkpoint(name)


def shipped_model(name: str) -> tuple[Transformer, Tokenizer]:
    """A shipped model and its tokenizer; explorers showing the same name share them."""
    checkpoint = shipped_checkpoint(name)
    return checkpoint.model, checkpoint.tokenizer


def shipped_names(shape: str | None = None) -> list[str]:
    """Names of the shipped models, optionally only those of one model ``shape``."""
    from ..pretrained import available_models

    names = available_models()
    if shape is None:
        return names
    return [n for n in names if shipped_model(n)[0].config.shape == shape]


def resolve(choice: ModelChoice) -> tuple[Transformer, Tokenizer]:
    """(model, tokenizer) from a shipped model's name or a user's own pair."""
    return shipped_model(choice) if isinstance(choice, str) else choice


def model_dropdown(choice: ModelChoice, shapes: tuple[str, ...] | None = None) -> widgets.Dropdown:
    """A dropdown of shipped models (of the given shapes); a user's own model is listed alone."""
    if not isinstance(choice, str):
        return widgets.Dropdown(options=[("your model", choice)], value=choice, description="model")
    names = [n for s in (shapes or (None,)) for n in shipped_names(s)]
    return widgets.Dropdown(options=names, value=choice, description="model")
