"""Subword pieces merged into words: one row and one column per word instead of per piece.

    W_words = Q · W · K,   Q[w, q] = 1/|w| for the pieces q of word w (a mean over them),
                           K[k, v] = 1 for the pieces k of word v (a sum over them)

Keys are summed: the weight a query gives a word is all the weight it gives that word's
pieces, so a row still sums to 1 (Σ_v Σ_{k∈v} W[q, k] = Σ_k W[q, k] = 1). Queries are
averaged: each piece of a word asks its own question; their mean is again a distribution, so
rows of words sum to 1 too. Summing queries instead would make long words weigh more; taking
one piece (the first, the last) would throw the other pieces' questions away.
"""

from __future__ import annotations

from dataclasses import replace

import torch
from torch import Tensor

from ..hooks.cache import ActivationCache
from ..hooks.names import attention_hook
from .text_run import TextRun, Words

# (query axis, key axis) of each attention part, as TextRun.tokens labels them
AXES = {"encoder": ("source", "source"), "decoder": ("target", "target"),
        "cross": ("written", "source")}  # fmt: skip


def merge_words(run: TextRun) -> TextRun:
    """``run`` with every attention weight tensor over words (see the module's docstring) and
    the words as token labels; a run without ``words`` (each piece a word) comes back as is.
    Queries and keys (``hook_q``, ``hook_k``) belong to pieces and are left out."""
    if run.words is None:
        return run
    tensors: dict[str, Tensor] = {}
    for part in run.cache.attention_parts:
        queries, keys = AXES[part]
        mean = _membership(run.words[queries]).T  # [word, piece]
        mean = mean / mean.sum(-1, keepdim=True)
        total = _membership(run.words[keys])  # [piece, word]
        for layer in range(run.cache.n_layers(part)):
            name = attention_hook(part, layer)
            tensors[name] = mean @ run.cache[name] @ total  # [batch, head, word, word]
    cache = ActivationCache(tensors, list(tensors), run.cache.n_heads, run.cache.output,
                            run.cache.heads)  # fmt: skip
    labels = {axis: list(words.labels) for axis, words in run.words.items()}
    return replace(run, cache=cache, source_tokens=labels["source"],
                   target_tokens=labels["target"], written_tokens=labels["written"],
                   words=None)  # fmt: skip


def _membership(words: Words) -> Tensor:
    """``M[piece, word]`` = 1 where the piece belongs to the word."""
    index = torch.tensor(words.index)
    return torch.nn.functional.one_hot(index, len(words.labels)).float()
