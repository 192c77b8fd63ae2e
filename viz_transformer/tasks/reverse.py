"""reverse (encoder-decoder): write a string of letters and digits backwards.

Output position j copies source position n−1−j, so a trained model's cross-attention is the
anti-diagonal: the simplest alignment a person can check at a glance.
"""

from __future__ import annotations

import random
import string

from ..tokenizers import CharTokenizer
from .example import Example
from .recipe import Recipe
from .task import Task
from .toy_config import toy_config

ALPHABET = string.ascii_lowercase + string.digits
MIN_LEN, MAX_LEN = 4, 16


def draw(rng: random.Random) -> Example:
    """A random string of 4–16 letters and digits, and the same string reversed."""
    text = "".join(rng.choices(ALPHABET, k=rng.randint(MIN_LEN, MAX_LEN)))
    return Example(text, text[::-1])


TOKENIZER = CharTokenizer(ALPHABET)

TASK = Task(
    name="reverse",
    summary="reverse a string of 4–16 letters and digits; cross-attention forms the anti-diagonal",
    tokenizer=TOKENIZER,
    config=toy_config(len(TOKENIZER), "encoder-decoder", max_len=MAX_LEN + 2),
    draw=draw,
    probe=Example("attention2017", "7102noitnetta"),
    recipe=Recipe(batch_size=128, peak_lr=1e-2, warmup_steps=200, max_steps=1200),
)
