"""Character-level tokenizer: one piece per character, so Chinese and digits need no rules."""

from __future__ import annotations

from collections.abc import Sequence

from .tokenizer import Tokenizer


class CharTokenizer(Tokenizer):
    """ "山区3米" → ["山", "区", "3", "米"]; decoding concatenates, so every text round-trips."""

    kind = "char"

    @staticmethod
    def split(text: str) -> list[str]:
        return list(text)

    @staticmethod
    def join(pieces: Sequence[str]) -> str:
        return "".join(pieces)
