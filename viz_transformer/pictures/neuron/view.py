"""Why attention is a dot product: one query, one key, dimension by dimension (the view
bertviz calls the neuron view).

    s[q, k] = (q · k) / √d_k = (Σ_i q_i k_i) / √d_k        p[q, :] = softmax(s[q, :] + M[q, :])

For one head, the query vector q of position ``query`` and the key vector k of position
``key`` are drawn per dimension i of d_head, with their elementwise product q ⊙ k: where both
have the same sign the product is positive and pulls the score up. The products sum to q · k,
which divided by √d_k is the score s[q, k]; beside it, the whole row s[q, :] of that query
over every key and its softmax p[q, :], so the one score is seen becoming one weight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...errors import VizTransformerError, check_index
from ...hooks.cache import ActivationCache
from ..common.panel import Panel
from ..common.scales import symmetric_limit
from ..common.selection import token_labels


@dataclass(frozen=True)
class NeuronView:
    """One query and one key of one head, per dimension, and the query's row of scores.

    ``q``, ``k`` and ``product`` (q ⊙ k) are [d_head]; ``scores`` (s = q·k/√d_k over every
    key, −∞ where masked) and ``weights`` (their softmax) are [key]."""

    q: np.ndarray
    k: np.ndarray
    product: np.ndarray
    scores: np.ndarray
    weights: np.ndarray
    query: int
    key: int
    query_tokens: list[str]
    key_tokens: list[str]
    title: str

    @property
    def d_head(self) -> int:
        return self.q.shape[0]

    @property
    def dot(self) -> float:
        """q · k = Σ_i q_i k_i, the sum of the products."""
        return float(self.product.sum())

    @property
    def score(self) -> float:
        """The scaled score s[query, key] = q · k / √d_k (before the mask)."""
        return self.dot / math.sqrt(self.d_head)

    @property
    def weight(self) -> float:
        """The softmax weight p[query, key] the score becomes."""
        return float(self.weights[self.key])

    @property
    def panels(self) -> list[Panel]:
        """Top to bottom: q and k per dimension (one scale, symmetric about 0), q ⊙ k (its
        own symmetric scale), the query's scores over every key, their softmax weights."""
        dims = [str(i) for i in range(self.d_head)]
        m = symmetric_limit(np.stack([self.q, self.k]))
        m_product = symmetric_limit(self.product)
        at_key = f"at key {self.key}"  # no token in a title: "<eos>" would read as markup
        query, asked = [self.query_tokens[self.query]], f"query {self.query}"
        return [
            Panel("q and k per dimension", np.stack([self.q, self.k]), "scores", dims, ["q", "k"],
                  -m, m, "q, k", xlabel="dimension"),
            Panel(f"q ⊙ k per dimension: Σ = q·k = {self.dot:.3f}", self.product[None], "scores",
                  dims, ["q⊙k"], -m_product, m_product, "q ⊙ k", xlabel="dimension"),
            Panel(f"scores s = q·k/√dₖ over every key: s = {self.dot:.3f}/√{self.d_head} = "
                  f"{self.score:.3f} {at_key}", self.scores[None], "scores", self.key_tokens,
                  query, xlabel="key", ylabel=asked),
            Panel(f"weights p = softmax(s): p = {self.weight:.3f} {at_key}", self.weights[None],
                  "weights", self.key_tokens, query, xlabel="key", ylabel=asked),
        ]  # fmt: skip


def neuron(
    cache: ActivationCache,
    part: str,
    layer: int,
    head: int,
    query: int,
    key: int,
    query_tokens: Sequence[str] | None = None,
    key_tokens: Sequence[str] | None = None,
    batch: int = 0,
) -> NeuronView:
    """Head ``head`` of layer ``layer``'s ``part`` attention ("encoder", "decoder", "cross"),
    seen at query position ``query`` and key position ``key`` (negative: from the end).

    Reads ``hook_q`` and ``hook_k`` of that layer (capture them, e.g. ``vt.run_text(model,
    tokenizer, text, names=["*.hook_q", "*.hook_k"])``). Masked keys: the −∞ cells of
    ``hook_masked_scores`` when the cache holds it (padding and causal alike); without it,
    the causal mask of decoder self-attention, which is the only mask of an unpadded text.

    >>> run = vt.run_text(model, tokenizer, "attention2017", names=["*.hook_q", "*.hook_k"])
    >>> vt.views.neuron(run.cache, "encoder", layer=0, head=0, query=3, key=5)
    """
    q_all, k_all = _queries_and_keys(cache, part, layer, head, batch)  # [pos, d_head] each
    layer = cache.layer_index(part, layer)
    head = check_index("head", head, cache.n_heads, "each attention layer")
    query = check_index("query", query, q_all.shape[0], f"this {part} attention")
    key = check_index("key", key, k_all.shape[0], f"this {part} attention")
    scores = k_all @ q_all[query] / math.sqrt(q_all.shape[1])  # [key]: s = q·k/√d_k
    masked = _masked_keys(cache, part, layer, head, query, batch, k_all.shape[0], q_all.shape[0])
    scores = np.where(masked, -np.inf, scores)
    queries = token_labels(query_tokens, q_all.shape[0], "query tokens")
    keys = token_labels(key_tokens, k_all.shape[0], "key tokens")
    return NeuronView(
        q=q_all[query],
        k=k_all[key],
        product=q_all[query] * k_all[key],  # q ⊙ k: [d_head]
        scores=scores,
        weights=_softmax(scores),
        query=query,
        key=key,
        query_tokens=queries,
        key_tokens=keys,
        title=f"{part} attention · layer {layer} · head {head} · query {query} → key {key}",
    )


def _queries_and_keys(
    cache: ActivationCache, part: str, layer: int, head: int, batch: int
) -> tuple[np.ndarray, np.ndarray]:
    """One head's Q [query, d_head] and K [key, d_head] as float64, or an error naming the
    hooks to capture."""
    names = [cache.attention_name(part, layer, kind) for kind in ("q", "k")]
    missing = [name for name in names if name not in set(cache)]  # `in cache` refuses
    if missing:
        raise VizTransformerError(
            f"the neuron view reads the query and key vectors, and the cache lacks {missing}. "
            f"Capture them: vt.run_text(model, tokenizer, text, names={names}) (or "
            f'names=["*.hook_q", "*.hook_k"] for every layer).'
        )
    q, k = (cache.attention(part, layer, head, batch, kind) for kind in ("q", "k"))
    return q.detach().cpu().double().numpy(), k.detach().cpu().double().numpy()


def _masked_keys(
    cache: ActivationCache,
    part: str,
    layer: int,
    head: int,
    query: int,
    batch: int,
    n_keys: int,
    n_queries: int,
) -> np.ndarray:
    """[key] True where the query may not look: from ``hook_masked_scores`` if captured, else
    the causal mask of decoder self-attention (query t sees keys 0 … t)."""
    name = cache.attention_name(part, layer, "masked_scores")
    if name in set(cache):
        row = cache.attention(part, layer, head, batch, "masked_scores")[query]
        return np.isneginf(row.detach().cpu().numpy())
    if part == "decoder" and n_keys == n_queries:
        return np.arange(n_keys) > query
    return np.zeros(n_keys, dtype=bool)


def _softmax(scores: np.ndarray) -> np.ndarray:
    """softmax over the keys; −∞ keys get weight 0 (all −∞: weight 0 everywhere, as the model)."""
    finite = np.isfinite(scores)
    if not finite.any():
        return np.zeros_like(scores)
    exp = np.where(finite, np.exp(scores - scores[finite].max()), 0.0)
    return exp / exp.sum()
