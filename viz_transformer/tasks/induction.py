"""induction (decoder-only): random tokens, then the same tokens again; predict the repeat.

Once the repeat starts, the next token is the one that followed the current token last time.
Two layers learn this as a pair of heads: a previous-token head in layer 0 and an induction
head in layer 1 that attends to the token right after the previous occurrence of the current
token. The causal mask keeps every prediction honest.
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
MIN_LEN, MAX_LEN = 6, 16


def draw(rng: random.Random) -> Example:
    """6–16 distinct random tokens, and the same tokens again as the target.

    Distinct tokens make "the previous occurrence" unique, so the induction head has one
    right answer a test can check.
    """
    text = "".join(rng.sample(ALPHABET, rng.randint(MIN_LEN, MAX_LEN)))
    return Example(text, text)


TOKENIZER = CharTokenizer(ALPHABET)

TASK = Task(
    name="induction",
    summary="random tokens repeated once; predicting the repeat needs an induction head",
    tokenizer=TOKENIZER,
    config=toy_config(
        len(TOKENIZER), "decoder-only", max_len=2 * MAX_LEN + 1, positional="learned"
    ),
    draw=draw,
    probe=Example("transfo9876", "transfo9876"),
    recipe=Recipe(batch_size=128, peak_lr=1e-2, warmup_steps=100, max_steps=1000, target=0.97),
    unscored_prefix=1,
)
