"""The models an explorer can show: the shipped ones by name, or a user's (model, tokenizer)."""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..checkpoints import Checkpoint
from ..errors import VizTransformerError
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
    return shipped_model(choice) if isinstance(choice, str) else check_pair(choice)


def check_pair(
    choice: object, shapes: tuple[str, ...] | None = None
) -> tuple[Transformer, Tokenizer]:
    """A user's own ``(model, tokenizer)``, of one of ``shapes`` if given, or an error saying
    what an explorer takes."""
    pair = tuple(choice) if isinstance(choice, (tuple, list)) else None
    if (
        pair is None
        or len(pair) != 2
        or not isinstance(pair[0], Transformer)
        or not isinstance(pair[1], Tokenizer)
    ):
        raise VizTransformerError(
            f"model={_short(choice)} is neither a shipped model's name ({_names()}) nor a pair "
            f"(model, tokenizer) of a viz_transformer Transformer and its Tokenizer, as "
            f'viz_transformer.load_pretrained("reverse") returns.'
        )
    if shapes and pair[0].config.shape not in shapes:
        raise VizTransformerError(
            f"this explorer shows {' or '.join(shapes)} models; yours is "
            f"{pair[0].config.shape}. Choose one of {_names(shapes)} or build a model of that shape."
        )
    return pair  # type: ignore[return-value]


def model_dropdown(choice: ModelChoice, shapes: tuple[str, ...] | None = None) -> widgets.Dropdown:
    """A dropdown of shipped models (of the given shapes); a user's own model is listed alone.
    A name that is not shipped, a model of another shape or anything else is refused."""
    if not isinstance(choice, str):
        pair = check_pair(choice, shapes)
        return widgets.Dropdown(options=[("your model", pair)], value=pair, description="model")
    names = [n for s in (shapes or (None,)) for n in shipped_names(s)]
    if choice not in names:
        shipped = shipped_names()
        why = (
            f"the shipped model {choice!r} is {shipped_model(choice)[0].config.shape}, and this "
            f"explorer shows {' or '.join(shapes or ())} models"
            if choice in shipped
            else f"no shipped model is called {choice!r}"
        )
        raise VizTransformerError(
            f"{why}; choose one of {names}, or pass your own (model, tokenizer)."
        )
    return widgets.Dropdown(options=names, value=choice, description="model")


def _names(shapes: tuple[str, ...] | None = None) -> list[str]:
    return [n for s in (shapes or (None,)) for n in shipped_names(s)]


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
