"""Which library a user's model comes from, and the adapter that runs it.

A model choice of another library is a pair:

- ``(hf_model, hf_tokenizer)``: a Hugging Face ``transformers`` model (encoder-only,
  decoder-only or encoder-decoder) with its tokenizer;
- ``(hooked_transformer, tokenizer or token labels)``: a TransformerLens ``HookedTransformer``;
- ``(torch_module, ModuleInput(...))``: a model built from ``torch.nn.MultiheadAttention``
  (``nn.Transformer`` and its layers) with its inputs and their token labels.

The libraries are looked up in ``sys.modules`` only: a model of a library that was never
imported cannot exist, so recognising a choice imports nothing heavy.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import VizTransformerError

if TYPE_CHECKING:  # runs imports this module to recognise a choice
    from ..runs.text_run import TextRun

LIBRARIES = ("transformers", "transformer_lens", "torch")


@dataclass(frozen=True, eq=False)  # compared by identity: a dropdown finds its value by ==
class ForeignModel:
    """A user's model of another library with what reads its input (tokenizer, labels)."""

    model: object
    reader: object
    library: str  # one of LIBRARIES

    @property
    def name(self) -> str:
        """The model's class name, as the model dropdown shows it."""
        return type(self.model).__name__

    @property
    def reads_text(self) -> bool:
        """False for a torch module: it reads the tensors given with it, not the text."""
        return self.library != "torch"

    def run(self, text: str) -> TextRun:
        """The model's attention on ``text``, as a run with our hook names and token labels."""
        if self.library == "transformers":
            from .hugging_face import hugging_face_run

            return hugging_face_run(self.model, self.reader, text)
        if self.library == "transformer_lens":
            from .transformer_lens import lens_run

            return lens_run(self.model, self.reader, text)
        from .torch_modules import module_run

        return module_run(self.model, self.reader)


def foreign_model(choice: object) -> ForeignModel | None:
    """``choice`` as a model of another library, or None when its first item is none; a
    known model with the wrong second item is refused, saying what to pair it with."""
    if not isinstance(choice, (tuple, list)) or len(choice) != 2:
        return None
    model, reader = choice
    library = _library(model)
    if library is None:
        return None
    _check_reader(library, model, reader)
    return ForeignModel(model, reader, library)


def _check_reader(library: str, model: object, reader: object) -> None:
    """Refuse, when the choice is made, a reader that does not go with the model."""
    if library == "transformers":
        from .hugging_face import check_tokenizer

        check_tokenizer(model, reader)
    elif library == "transformer_lens":
        from .transformer_lens import check_reader

        check_reader(model, reader)
    else:
        from .torch_modules import ModuleInput

        if not isinstance(reader, ModuleInput):
            raise VizTransformerError(
                f"a torch.nn model ({type(model).__name__}) reads tensors, not text: pair it "
                f"with viz_transformer.adapters.ModuleInput(inputs, source_tokens, "
                f"target_tokens), got {type(reader).__name__}."
            )


def _library(model: object) -> str | None:
    """The library ``model`` belongs to, among those imported; None if none."""
    transformers = sys.modules.get("transformers")
    if transformers is not None and isinstance(model, transformers.PreTrainedModel):
        return "transformers"
    lens = sys.modules.get("transformer_lens")
    if lens is not None and isinstance(model, lens.HookedTransformer):
        return "transformer_lens"
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(model, torch.nn.Module) and _has_attention(model):
        return "torch"
    return None


def _has_attention(model) -> bool:
    import torch

    return any(isinstance(m, torch.nn.MultiheadAttention) for m in model.modules())
