"""A TransformerLens ``HookedTransformer`` (3.x) → a ``TextRun`` with our hook names.

TransformerLens names what we need ``blocks.{l}.attn.hook_pattern`` (``[batch, head, query,
key]``, our ``hook_weights``), ``hook_q`` and ``hook_k`` (``[batch, pos, head, d_head]``, ours
are ``[batch, head, pos, d_head]``). Its attention is one stack: "decoder" when the model's
``cfg.attention_dir`` is "causal" (GPT-style, the usual case), "encoder" when "bidirectional".

The text is read by the model's Hugging Face tokenizer, or by a vocabulary the user gives
(a list of token labels, id → label): the text is then split at spaces and each word looked
up, which suits a model built from a ``HookedTransformerConfig`` with no tokenizer.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor

from ..errors import VizTransformerError
from ..runs.text_run import TextRun
from .subwords import piece_labels, word_groups
from .text_runs import text_run

LENS_KINDS = {"pattern": "weights", "q": "q", "k": "k"}  # TransformerLens hook → ours


def lens_run(model, reader, text: str) -> TextRun:
    """Run ``model`` on ``text`` read by ``reader`` (a tokenizer or a list of token labels)."""
    ids, labels = _read(model, reader, text)  # [1, seq]
    wanted = tuple(f"attn.hook_{kind}" for kind in LENS_KINDS)
    with torch.no_grad():
        logits, cache = model.run_with_cache(ids, names_filter=lambda n: n.endswith(wanted))
    part = "decoder" if model.cfg.attention_dir == "causal" else "encoder"
    attention = {
        (part, ours): tuple(_ours(cache[f"blocks.{layer}.attn.hook_{kind}"], kind)
                            for layer in range(model.cfg.n_layers))
        for kind, ours in LENS_KINDS.items()
    }  # fmt: skip
    written_ids = logits[0].argmax(-1)
    if _is_vocabulary(reader):
        written = [reader[i] for i in written_ids.tolist()]
        return text_run(attention, labels, labels, written, " ".join(labels), (ids,), logits)
    words = {axis: word_groups(reader, axis_ids.tolist())
             for axis, axis_ids in (("source", ids[0]), ("target", ids[0]),
                                    ("written", written_ids))}  # fmt: skip
    return text_run(attention, labels, labels, piece_labels(reader, written_ids.tolist()),
                    reader.decode(ids[0]), (ids,), logits, words)  # fmt: skip


def _ours(tensor: Tensor, kind: str) -> Tensor:
    """TransformerLens's tensor in our layout."""
    if kind == "pattern":
        return tensor  # [batch, head, query, key] in both
    return tensor.transpose(1, 2)  # [batch, pos, head, d_head] → [batch, head, pos, d_head]


def check_reader(model, reader) -> None:
    """Refuse a reader that is neither a Hugging Face tokenizer nor one label per token id."""
    if _is_vocabulary(reader):
        if len(reader) != model.cfg.d_vocab:
            raise VizTransformerError(
                f"the token labels list {len(reader)} tokens but the model has "
                f"{model.cfg.d_vocab} (cfg.d_vocab): give one label per token id."
            )
        return
    from transformers import PreTrainedTokenizerBase

    if not isinstance(reader, PreTrainedTokenizerBase):
        raise VizTransformerError(
            f"a HookedTransformer comes with its tokenizer (model.tokenizer) or a list of token "
            f"labels (id → label), got {type(reader).__name__}."
        )
    if len(reader) > model.cfg.d_vocab:
        raise VizTransformerError(
            f"the tokenizer has {len(reader)} tokens but the model only {model.cfg.d_vocab} "
            f"(cfg.d_vocab): they do not belong together."
        )


def _is_vocabulary(reader) -> bool:
    return isinstance(reader, Sequence) and not isinstance(reader, str)


def _read(model, reader, text: str) -> tuple[Tensor, list[str]]:
    """Ids ``[1, seq]`` and their labels, from a tokenizer or a vocabulary list."""
    check_reader(model, reader)
    if _is_vocabulary(reader):
        return _read_vocabulary(model, list(reader), text)
    ids = reader(text, return_tensors="pt")["input_ids"]  # [1, seq]
    _check_ids(model, ids, f"the tokenizer ({len(reader)} tokens)")
    return ids, piece_labels(reader, ids[0].tolist())


def _read_vocabulary(model, vocabulary: list[str], text: str) -> tuple[Tensor, list[str]]:
    words = text.split()
    unknown = sorted({w for w in words if w not in vocabulary})
    if not words or unknown:
        raise VizTransformerError(
            f"type words of the model's token labels, separated by spaces; "
            f"{'not among them: ' + ' '.join(unknown) if unknown else 'the text is empty'}."
        )
    ids = torch.tensor([[vocabulary.index(w) for w in words]])  # [1, seq]
    _check_ids(model, ids, "the token labels")
    return ids, words


def _check_ids(model, ids: Tensor, source: str) -> None:
    if ids.shape[1] == 0:
        raise VizTransformerError("the text is empty: type a few words.")
    if int(ids.max()) >= model.cfg.d_vocab or ids.shape[1] > model.cfg.n_ctx:
        raise VizTransformerError(
            f"{source} and the model (d_vocab {model.cfg.d_vocab}, n_ctx {model.cfg.n_ctx}) do "
            f"not belong together, or the text is too long: {ids.shape[1]} tokens, largest id "
            f"{int(ids.max())}."
        )
