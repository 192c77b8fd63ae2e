"""The models a picture can run: the shipped ones by name (loaded once per kernel), a user's
own (model, tokenizer), or (for the attention pictures) a model of another library read
through ``viz_transformer.adapters``: checked with a message that says what is accepted."""

from __future__ import annotations

import functools

from ..adapters.dispatch import ForeignModel, foreign_model
from ..checkpoints import Checkpoint
from ..errors import VizTransformerError
from ..hooks.names import NameFilter
from ..model import Transformer
from ..tokenizers import Tokenizer
from .text_run import TextRun, run_text

# a shipped name, our (model, tokenizer), or (model, tokenizer or labels) of another library
ModelChoice = str | tuple[Transformer, Tokenizer] | tuple[object, object] | ForeignModel


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


def run_model(choice: ModelChoice, text: str, names: NameFilter = None) -> TextRun:
    """One run of ``text`` through a shipped model, a user's own, or another library's (whose
    run holds the attention weights, and queries and keys where the library gives them)."""
    if isinstance(choice, ForeignModel):
        return choice.run(text)
    model, tokenizer = resolve(choice)
    return run_text(model, tokenizer, text, names=names)


def reads_text(choice: ModelChoice) -> bool:
    """False for a model that reads the tensors given with it (a torch.nn module), not text."""
    return choice.reads_text if isinstance(choice, ForeignModel) else True


def unread_words(choice: ModelChoice, text: str) -> list[str]:
    """The pieces of ``text`` our model's tokenizer reads as <unk> (none for other libraries,
    whose tokenizers split any text into pieces they know)."""
    if isinstance(choice, ForeignModel):
        return []
    tokenizer = resolve(choice)[1]
    return sorted({p for p in tokenizer.split(text) if p not in tokenizer.stoi})


def check_pair(
    choice: object, shapes: tuple[str, ...] | None = None, any_model: bool = False
) -> tuple[Transformer, Tokenizer] | ForeignModel:
    """A user's own ``(model, tokenizer)``, of one of ``shapes`` if given, or an error saying
    what an explorer takes. With ``any_model`` (the attention pictures), a model of another
    library (see ``viz_transformer.adapters``) is accepted too, as a ``ForeignModel``."""
    if any_model and (foreign := _foreign(choice)) is not None:
        return foreign
    pair = tuple(choice) if isinstance(choice, (tuple, list)) else None
    if (
        pair is None
        or len(pair) != 2
        or not isinstance(pair[0], Transformer)
        or not isinstance(pair[1], Tokenizer)
    ):
        others = (
            "; or a model of another library: (hf_model, hf_tokenizer) from Hugging Face "
            "transformers, (HookedTransformer, tokenizer or token labels), or (a torch.nn "
            "model built from nn.MultiheadAttention, viz_transformer.adapters.ModuleInput(...))"
            if any_model
            else ""
        )
        raise VizTransformerError(
            f"model={_short(choice)} is neither a shipped model's name ({_names()}) nor a pair "
            f"(model, tokenizer) of a viz_transformer Transformer and its Tokenizer, as "
            f'viz_transformer.load_pretrained("reverse") returns{others}.'
        )
    if shapes and pair[0].config.shape not in shapes:
        raise VizTransformerError(
            f"this explorer shows {' or '.join(shapes)} models; yours is "
            f"{pair[0].config.shape}. Choose one of {_names(shapes)} or build a model of that shape."
        )
    return pair  # type: ignore[return-value]


def _foreign(choice: object) -> ForeignModel | None:
    return choice if isinstance(choice, ForeignModel) else foreign_model(choice)


def _names(shapes: tuple[str, ...] | None = None) -> list[str]:
    return [n for s in (shapes or (None,)) for n in shipped_names(s)]


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
