"""Word-level tokenizer: Latin words and numbers are pieces; CJK characters and punctuation
stand alone (Chinese has no spaces, and a learner should see one character per column)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .tokenizer import Tokenizer

_WORD = r"[0-9A-Za-z\u00C0-\u024F]+(?:'[A-Za-z]+)?"
_PIECE = re.compile(rf"{_WORD}|\S")
_IS_WORD = re.compile(rf"^{_WORD}$")


class WordTokenizer(Tokenizer):
    """ "how are you?" → ["how", "are", "you", "?"]; decoding puts one space between two
    words and none around punctuation or CJK characters, so single-spaced text round-trips."""

    kind = "word"

    @staticmethod
    def split(text: str) -> list[str]:
        return _PIECE.findall(text)

    @staticmethod
    def join(pieces: Sequence[str]) -> str:
        out: list[str] = []
        for previous, piece in zip([None, *pieces], pieces, strict=False):
            if previous is not None and _IS_WORD.match(previous) and _IS_WORD.match(piece):
                out.append(" ")
            out.append(piece)
        return "".join(out)
