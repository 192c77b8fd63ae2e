"""count (encoder-only): label every letter with how many times it occurs in the string.

"abcab" → "22122". With one layer the heads must count by attention: each letter attends
to every copy of itself (a checkerboard in the heatmap) and to <bos>, whose share of the
weight, 1/(count+1), tells how many copies there are. A BERT-shaped model whose attention
a person can read letter by letter.
"""

from __future__ import annotations

import random
from collections import Counter

from ..tokenizers import CharTokenizer
from .example import Example
from .recipe import Recipe
from .task import Task
from .toy_config import toy_config

ALPHABET = "abcdefgh"
MIN_LEN, MAX_LEN = 4, 14
MAX_COUNT = 9  # counts are written as one digit


def label(text: str) -> str:
    """Each character replaced by its number of occurrences in ``text``."""
    counts = Counter(text)
    return "".join(str(counts[ch]) for ch in text)


def draw(rng: random.Random) -> Example:
    """A random string of 4–14 letters from a–h (no letter more than 9 times) and its counts."""
    while True:
        text = "".join(rng.choices(ALPHABET, k=rng.randint(MIN_LEN, MAX_LEN)))
        if max(Counter(text).values()) <= MAX_COUNT:
            return Example(text, label(text))


TOKENIZER = CharTokenizer(ALPHABET + "123456789")

TASK = Task(
    name="count",
    summary='for each letter, how many times it occurs: "abcab" → "22122" (encoder-only)',
    tokenizer=TOKENIZER,
    config=toy_config(
        len(TOKENIZER), "encoder-only", max_len=MAX_LEN + 1, n_heads=2, n_encoder_layers=1
    ),
    draw=draw,
    probe=Example("abacabadcab", label("abacabadcab")),
    recipe=Recipe(batch_size=128, peak_lr=1e-2, warmup_steps=200, max_steps=2000),
)
