"""dates (encoder-decoder): rewrite a date written one of many ways as ISO "YYYY-MM-DD".

"21 Nov 2026", "November 21, 2026", "21/11/2026" and "2026年11月21日" all become
"2026-11-21". The year comes last in most inputs but first in the output, so cross-attention
jumps back and forth: an alignment a person recognises as translation.
"""

from __future__ import annotations

import datetime
import random
import string
from collections.abc import Callable

from ..tokenizers import CharTokenizer
from .example import Example
from .recipe import Recipe
from .task import Task
from .toy_config import toy_config

# spelled out, not taken from ``calendar``, whose names follow the machine's locale
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FIRST, LAST = datetime.date(1950, 1, 1), datetime.date(2049, 12, 31)

Format = Callable[[datetime.date], str]
FORMATS: tuple[Format, ...] = (
    lambda d: f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}",  # 21 Nov 2026
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",  # 21 November 2026
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",  # November 21, 2026
    lambda d: f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}",  # Nov 21, 2026
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",  # 21/11/2026
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",  # 21.11.2026
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",  # 2026/11/21
    lambda d: f"{d.year}年{d.month}月{d.day}日",  # 2026年11月21日
)


def draw(rng: random.Random) -> Example:
    """A random date from 1950–2049 in a random format, and the same date in ISO form."""
    date = datetime.date.fromordinal(rng.randint(FIRST.toordinal(), LAST.toordinal()))
    return Example(rng.choice(FORMATS)(date), date.isoformat())


def date_key(example: Example) -> str:
    """Split by the date itself, so a held-out date is never seen in any format."""
    return example.target


TOKENIZER = CharTokenizer(sorted(set("".join(MONTHS) + string.digits + " ,/.-年月日")))

TASK = Task(
    name="dates",
    summary='rewrite "21 Nov 2026", "November 21, 2026", "21/11/2026", "2026年11月21日"… as "2026-11-21"',
    tokenizer=TOKENIZER,
    config=toy_config(len(TOKENIZER), "encoder-decoder", max_len=20),
    draw=draw,
    probe=Example("21 Nov 2026", "2026-11-21"),
    recipe=Recipe(batch_size=128, peak_lr=1e-2, warmup_steps=200, max_steps=1000),
    split_key=date_key,
)
