"""Subword pieces labelled as people read them, and grouped into words.

A Hugging Face tokenizer's pieces carry its bookkeeping: GPT-2's byte-level BPE writes a
leading space as ``Ġ`` (``Ġthe``) and a Chinese character as two or three byte pieces
(``ä¸Ń``), SentencePiece writes the space as ``▁``, WordPiece marks a continuation with
``##``. Labels:

- a piece that decodes on its own is shown decoded (``tokenizer.convert_tokens_to_string``):
  ``Ġthe`` → ``the``, ``▁the`` → ``the``, byte pieces of a whole character → ``中``;
- a WordPiece continuation keeps its ``##`` (``##ing``): that it continues a word is part of
  what the reader should see;
- a piece holding only part of a character's bytes is shown as the character(s) its bytes
  belong to, with ``…`` on the side where the character goes on in the next or previous piece
  (``中`` split over two pieces reads ``中…`` then ``…中``);
- special tokens stay as written (``[CLS]``, ``</s>``); a piece that decodes to blank space
  reads ``␣`` (``⏎`` for a line break, as the pictures show them), so no label is empty.

Words: a piece starts a new word unless it is a ``##`` continuation, or the tokenizer marks
word starts (``Ġ``/``▁``) and the piece has no mark and follows a piece of text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..runs.text_run import Words

REPLACEMENT = "\ufffd"  # what decoding yields for the bytes of an unfinished character
WORD_MARKS = ("Ġ", "▁")  # a byte-level BPE's and a SentencePiece's "a space before this"


def piece_labels(tokenizer, ids: Sequence[int]) -> list[str]:
    """One readable label per id (see the module's docstring)."""
    pieces = tokenizer.convert_ids_to_tokens(list(ids))
    special = set(tokenizer.all_special_tokens)
    labels: list[str] = []
    start = 0
    while start < len(pieces):
        end = _partial_run_end(tokenizer, pieces, start, special)
        if end == start:  # a whole piece
            labels.append(_whole_label(tokenizer, pieces[start], special))
            start += 1
        else:  # pieces[start:end] share characters split across them
            labels.extend(_split_character_labels(tokenizer, pieces[start:end]))
            start = end
    return labels


def word_groups(tokenizer, ids: Sequence[int]) -> Words:
    """The words the pieces of ``ids`` form, each labelled by its pieces decoded together."""
    pieces = tokenizer.convert_ids_to_tokens(list(ids))
    special = set(tokenizer.all_special_tokens)
    marked = _marks_word_starts(tokenizer)
    groups: list[list[str]] = []
    for i, piece in enumerate(pieces):
        previous = pieces[i - 1] if i else None
        continues = (
            previous is not None
            and previous not in special
            and piece not in special
            and (piece.startswith("##") or (marked and not piece.startswith(WORD_MARKS)))
        )
        if continues:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    index = tuple(w for w, group in enumerate(groups) for _ in group)
    labels = tuple(_group_label(tokenizer, group, special) for group in groups)
    return Words(index, labels)


def _whole_label(tokenizer, piece: str, special: set[str]) -> str:
    if piece in special or piece.startswith("##"):
        return piece
    return _visible(tokenizer.convert_tokens_to_string([piece]))


def _group_label(tokenizer, group: list[str], special: set[str]) -> str:
    if len(group) == 1 and group[0] in special:
        return group[0]
    return _visible(tokenizer.convert_tokens_to_string(group))


def _visible(text: str) -> str:
    """``text`` without its surrounding spaces; blank text as a visible mark."""
    stripped = text.strip()
    if stripped:
        return stripped
    return "⏎" if "\n" in text else "␣"


def _is_partial(tokenizer, piece: str, special: set[str]) -> bool:
    return piece not in special and REPLACEMENT in tokenizer.convert_tokens_to_string([piece])


def _partial_run_end(tokenizer, pieces: list[str], start: int, special: set[str]) -> int:
    """The end of the run of pieces from ``start`` that do not decode alone (``start`` when
    ``pieces[start]`` decodes alone)."""
    end = start
    while end < len(pieces) and _is_partial(tokenizer, pieces[end], special):
        end += 1
    return end


def _split_character_labels(tokenizer, run: list[str]) -> list[str]:
    """Labels for pieces that split characters between them: each piece shows the characters
    its bytes belong to, with ``…`` where a character continues in a neighbouring piece.

    Decoding the run's prefixes tells, after each piece, which characters are complete and
    whether one is left unfinished (the prefix then ends in U+FFFD)."""
    done = []  # characters complete after each piece
    unfinished = []  # does the prefix end inside a character?
    for end in range(1, len(run) + 1):
        text = tokenizer.convert_tokens_to_string(run[:end])
        unfinished.append(text.endswith(REPLACEMENT))
        done.append(text.rstrip(REPLACEMENT).replace(REPLACEMENT, "?"))
    labels = []
    for i in range(len(run)):
        before = done[i - 1] if i else ""
        chars = done[i][len(before) :]  # completed by this piece
        if unfinished[i]:  # the character this piece begins or goes on with, finished later
            later = next((d for d in done[i + 1 :] if len(d) > len(done[i])), None)
            chars += later[len(done[i])] if later else REPLACEMENT
        starts_inside = i > 0 and unfinished[i - 1]
        label = ("…" if starts_inside else "") + _visible(chars) + ("…" if unfinished[i] else "")
        labels.append(label)
    return labels


def _marks_word_starts(tokenizer) -> bool:
    """True for a tokenizer that marks the start of a word (GPT-2's Ġ, SentencePiece's ▁)."""
    return any(piece.startswith(WORD_MARKS) for piece in tokenizer.get_vocab())
