"""A toy task: its data, its tokenizer, the model that learns it, and its held-out split."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from ..model import TransformerConfig
from ..tokenizers import Tokenizer
from .example import Example
from .recipe import Recipe
from .split import is_held_out

Split = Literal["train", "held-out"]


def source_key(example: Example) -> str:
    """The default split key: an example is held out when its source text is."""
    return example.source


@dataclass(frozen=True)
class Task:
    """Everything needed to train, evaluate and picture one toy task.

    ``draw`` makes one example from a seeded ``random.Random``; it may produce examples of
    either split, and ``examples`` filters them, so training never sees a held-out example.
    ``split_key`` says which part of an example decides its split (dates: the date itself, so a
    held-out date is unseen in every format). ``probe`` is the fixed input whose attention is
    snapshotted during training. ``unscored_prefix`` target tokens are not scored: the first
    token of an induction repeat cannot be predicted from what came before it.
    """

    name: str
    summary: str
    tokenizer: Tokenizer
    config: TransformerConfig
    draw: Callable[[random.Random], Example]
    probe: Example
    recipe: Recipe
    split_key: Callable[[Example], str] = source_key
    unscored_prefix: int = 0

    @property
    def shape(self) -> str:
        return self.config.shape

    def is_held_out(self, example: Example) -> bool:
        """True when ``example`` belongs to the held-out split."""
        return is_held_out(self.split_key(example))

    def stream(self, rng: random.Random, split: Split = "train") -> Iterator[Example]:
        """Endless examples of one split, drawn from ``rng``."""
        want_held_out = split == "held-out"
        while True:
            example = self.draw(rng)
            if self.is_held_out(example) == want_held_out:
                yield example

    def examples(self, n: int, seed: int, split: Split = "train") -> list[Example]:
        """``n`` examples of one split, the same ones for the same seed."""
        stream = self.stream(random.Random(seed), split)
        return [next(stream) for _ in range(n)]
