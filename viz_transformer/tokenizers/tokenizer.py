"""A tokenizer = a way to split text into pieces + a vocabulary of pieces with special tokens.

Ids 0–3 are always ``<pad> <bos> <eos> <unk>``; pieces the vocabulary lacks become ``<unk>``.
Character and word tokenizers differ only in how they split and re-join text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import VizTransformerError

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
SPECIALS = (PAD, BOS, EOS, UNK)


class Tokenizer:
    """Base class: subclasses define ``split`` (text → pieces) and ``join`` (pieces → text)."""

    kind = "base"

    def __init__(self, pieces: Iterable[str]) -> None:
        self.itos: list[str] = list(SPECIALS)
        for piece in pieces:
            if piece not in self.itos:
                self.itos.append(piece)
        self.stoi = {piece: i for i, piece in enumerate(self.itos)}

    @classmethod
    def from_corpus(cls, texts: Iterable[str]) -> Tokenizer:
        """A vocabulary of every piece in ``texts``, in order of first appearance."""
        return cls(piece for text in texts for piece in cls.split(text))

    # ids of the special tokens
    pad_id, bos_id, eos_id, unk_id = 0, 1, 2, 3

    def __len__(self) -> int:
        return len(self.itos)

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    @staticmethod
    def split(text: str) -> list[str]:
        raise NotImplementedError

    @staticmethod
    def join(pieces: Sequence[str]) -> str:
        raise NotImplementedError

    def encode(
        self, text: str, add_bos: bool = False, add_eos: bool = False, strict: bool = False
    ) -> list[int]:
        """Text → ids; unknown pieces become <unk> (``strict=True``: an error naming them)."""
        if not isinstance(text, str):
            raise VizTransformerError(f"expected text (str), got {type(text).__name__}.")
        pieces = self.split(text)
        if not pieces:
            raise VizTransformerError("the text is empty; type at least one character.")
        unknown = [p for p in pieces if p not in self.stoi]
        if strict and unknown:
            raise VizTransformerError(
                f"{sorted(set(unknown))} are not in this tokenizer's vocabulary of "
                f"{len(self)} pieces; use only known pieces or encode with strict=False (<unk>)."
            )
        ids = [self.stoi.get(p, self.unk_id) for p in pieces]
        return [self.bos_id] * add_bos + ids + [self.eos_id] * add_eos

    def decode(self, ids: Iterable[int], skip_special: bool = True) -> str:
        """Ids → text; stops at <eos> and drops special tokens unless ``skip_special`` is False."""
        pieces = []
        for i in (int(i) for i in ids):
            if skip_special and i == self.eos_id:
                break
            if skip_special and i < len(SPECIALS):
                continue
            pieces.append(self.piece(i))
        return self.join(pieces)

    def pieces(self, ids: Iterable[int]) -> list[str]:
        """Ids → the piece each one stands for: the token labels of a picture."""
        return [self.piece(int(i)) for i in ids]

    def piece(self, i: int) -> str:
        if not 0 <= i < len(self.itos):
            raise VizTransformerError(f"id {i} is outside the vocabulary 0..{len(self.itos) - 1}.")
        return self.itos[i]

    def to_dict(self) -> dict[str, Any]:
        """What a checkpoint's JSON stores to rebuild this tokenizer."""
        return {"kind": self.kind, "vocab": self.itos}
