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
    if kind not in KINDS or not isinstance(vocab, list):
        raise VizTransformerError(
            f"not a tokenizer description: expected kind in {list(KINDS)} and a vocab list "
            f"starting with {list(SPECIALS)}."
        )
    odd = [(i, piece) for i, piece in enumerate(vocab) if not isinstance(piece, str) or not piece]
    if odd:
        i, piece = odd[0]
        raise VizTransformerError(
            f"vocab piece {i} is {piece!r}, not a non-empty string; every piece is the text "
            f"an id stands for."
        )
    if vocab[: len(SPECIALS)] != list(SPECIALS):
        raise VizTransformerError(
            f"not a tokenizer description: the vocab starts {vocab[: len(SPECIALS)]}, but ids "
            f"0 to 3 must be "
            f"{list(SPECIALS)} in this order: the model's pad, bos and eos ids are those; a "
            f"reordered vocabulary would give every id another meaning."
        )
    seen: dict[str, int] = {}
    for i, piece in enumerate(vocab):
        if piece in seen:
            raise VizTransformerError(
                f"the vocab lists {piece!r} twice (ids {seen[piece]} and {i}); each piece has "
                f"one id, and a repeat would shift every id after it."
            )
        seen[piece] = i
    return KINDS[kind](vocab[len(SPECIALS) :])


__all__ = ["SPECIALS", "CharTokenizer", "Tokenizer", "WordTokenizer", "tokenizer_from_dict"]
