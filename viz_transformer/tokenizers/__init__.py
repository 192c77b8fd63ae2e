"""Small tokenizers with <pad> <bos> <eos> <unk>: character-level and word-level."""

from typing import Any

from ..errors import VizTransformerError
from .char import CharTokenizer
from .tokenizer import SPECIALS, Tokenizer
from .word import WordTokenizer

KINDS = {cls.kind: cls for cls in (CharTokenizer, WordTokenizer)}


def tokenizer_from_dict(data: dict[str, Any]) -> Tokenizer:
    """Rebuild a tokenizer saved with ``to_dict`` (as a checkpoint's JSON stores it)."""
    kind, vocab = data.get("kind"), data.get("vocab")
    if kind not in KINDS or not isinstance(vocab, list) or list(vocab[:4]) != list(SPECIALS):
        raise VizTransformerError(
            f"not a tokenizer description: expected kind in {list(KINDS)} and a vocab list "
            f"starting with {list(SPECIALS)}."
        )
    return KINDS[kind](vocab[len(SPECIALS) :])


__all__ = ["SPECIALS", "CharTokenizer", "Tokenizer", "WordTokenizer", "tokenizer_from_dict"]
