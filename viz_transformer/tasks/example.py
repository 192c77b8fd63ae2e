"""One example of a toy task: a source text and the target text the model should produce."""

from __future__ import annotations

from typing import NamedTuple


class Example(NamedTuple):
    """``source`` is what the model reads, ``target`` what it must write.

    Encoder-decoder: the encoder reads ``source``, the decoder writes ``target``.
    Decoder-only: the model reads ``source`` then continues with ``target``.
    Encoder-only: ``target`` has one character per character of ``source``, its label.
    """

    source: str
    target: str
