"""A Hugging Face ``transformers`` model and its tokenizer → a ``TextRun`` with our hook names.

The model's own ``output_attentions=True`` gives the weights, ``[batch, head, query, key]``
per layer: ``attentions`` (encoder-only, decoder-only), or ``encoder_attentions``,
``decoder_attentions`` and ``cross_attentions`` (encoder-decoder).

- Self-attention is called "decoder" when it is causal (nothing above the diagonal), else
  "encoder": read from the weights, as a model's class does not always say.
- Encoder-decoder (T5, BART): the text is the source; the decoder reads what the model itself
  writes, greedily (``generate`` with ``do_sample=False, num_beams=1``), as our own
  encoder-decoder runs do: the cross-attention then shows how the model reads the source
  while writing its answer, and one text box is all the explorer needs. Rows of
  cross-attention are labelled by the token each decoder position writes.
- SDPA and flash attention compute no weights (transformers 5.23 returns an empty
  ``attentions`` tuple): the run switches the model to ``attn_implementation="eager"``
  (``model.set_attn_implementation``) and back afterwards; a model that cannot is refused
  with a message saying to load it with ``attn_implementation="eager"``.
- Queries and keys are not read: each architecture computes them inside its own attention
  class; the weights are what the attention pictures draw.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import Tensor

from ..errors import VizTransformerError
from ..runs.text_run import TextRun, Words
from .subwords import piece_labels, word_groups
from .text_runs import self_attention_part, text_run

EAGER = (
    'load or build it with attn_implementation="eager" (e.g. AutoModel.from_pretrained(name, '
    'attn_implementation="eager")), so that its attention computes the weights the pictures show.'
)
MAX_NEW_TOKENS = 20  # an encoder-decoder's answer is cut here (a greedy untrained model may babble)


def hugging_face_run(model, tokenizer, text: str) -> TextRun:
    """Run ``model`` on ``text`` as ``tokenizer`` encodes it, keeping every attention layer."""
    check_tokenizer(model, tokenizer)
    encoded = tokenizer(text, return_tensors="pt")
    ids, mask = encoded["input_ids"], encoded["attention_mask"]  # [1, seq]
    if ids.shape[1] == 0:
        raise VizTransformerError("the text is empty: type a few words.")
    with torch.no_grad(), eager_attention(model):
        if model.config.is_encoder_decoder:
            return _encoder_decoder_run(model, tokenizer, ids, mask)
        out = model(input_ids=ids, attention_mask=mask, output_attentions=True)
    layers = _weights(out.attentions)
    logits = getattr(out, "logits", None)
    written = logits[0].argmax(-1) if logits is not None else ids[0]
    tokens = piece_labels(tokenizer, ids[0].tolist())
    words = _words(tokenizer, source=ids[0], target=ids[0], written=written)
    return text_run({(self_attention_part(layers), "weights"): layers}, tokens, tokens,
                    piece_labels(tokenizer, written.tolist()), tokenizer.decode(ids[0]), (ids,),
                    logits, words)  # fmt: skip


def check_tokenizer(model, tokenizer) -> None:
    """Refuse a tokenizer that is not a Hugging Face one, or one with more tokens than the
    model has embeddings (they do not belong together: its ids would index past the table)."""
    from transformers import PreTrainedTokenizerBase

    if not isinstance(tokenizer, PreTrainedTokenizerBase):
        raise VizTransformerError(
            f"a Hugging Face model comes with its Hugging Face tokenizer, got "
            f"{type(tokenizer).__name__}: pass (model, AutoTokenizer.from_pretrained(name))."
        )
    rows = model.get_input_embeddings().num_embeddings
    if len(tokenizer) > rows:
        raise VizTransformerError(
            f"the tokenizer has {len(tokenizer)} tokens but {type(model).__name__} embeds only "
            f"{rows}: they do not belong together. Load both from the same name."
        )


@contextmanager
def eager_attention(model) -> Iterator[None]:
    """Inside the block the model computes attention weights ("eager"), then returns to the
    implementation each of its configs had (SDPA or flash attention compute none). Every
    config is read, not only the model's: T5's stacks hold copies of it."""
    before = _implementations(model)
    if all(value in (None, "eager") for _, value in before):
        yield
        return
    try:
        model.set_attn_implementation("eager")
    except (ValueError, NotImplementedError, AttributeError) as error:
        used = sorted({str(value) for _, value in before if value != "eager"})
        raise VizTransformerError(
            f"{type(model).__name__} runs its attention as {', '.join(used)}, which returns no "
            f"weights, and could not be switched: {EAGER}"
        ) from error
    try:
        yield
    finally:
        for config, value in before:
            config._attn_implementation = value


def _implementations(model) -> list[tuple[object, str | None]]:
    """(config, its attention implementation) for every distinct config inside ``model``."""
    configs = {id(m.config): m.config for m in model.modules() if hasattr(m, "config")}
    return [(c, getattr(c, "_attn_implementation", None)) for c in configs.values()]


def _encoder_decoder_run(model, tokenizer, ids: Tensor, mask: Tensor) -> TextRun:
    """The source is the text; the decoder reads the model's own greedy answer."""
    if not hasattr(model, "generate") or not model.can_generate():
        raise VizTransformerError(
            f"{type(model).__name__} has no language-model head to write an answer with: pass "
            f"the model with one (T5ForConditionalGeneration, BartForConditionalGeneration)."
        )
    generated = model.generate(input_ids=ids, attention_mask=mask, do_sample=False,
                               num_beams=1, max_new_tokens=MAX_NEW_TOKENS)  # fmt: skip
    target = generated[:, :-1] if generated.shape[1] > 1 else generated  # [1, target]
    out = model(input_ids=ids, attention_mask=mask, decoder_input_ids=target,
                output_attentions=True)  # fmt: skip
    written = generated[0, 1:] if generated.shape[1] > 1 else generated[0]
    attention = {
        ("encoder", "weights"): _weights(out.encoder_attentions),
        ("decoder", "weights"): _weights(out.decoder_attentions),
        ("cross", "weights"): _weights(out.cross_attentions),
    }
    words = _words(tokenizer, source=ids[0], target=target[0], written=written)
    return text_run(attention, piece_labels(tokenizer, ids[0].tolist()),
                    piece_labels(tokenizer, target[0].tolist()),
                    piece_labels(tokenizer, written.tolist()),
                    tokenizer.decode(written, skip_special_tokens=True), (ids, target),
                    out.logits, words)  # fmt: skip


def _weights(attentions) -> tuple[Tensor, ...]:
    """The per-layer weights, or the error saying how to get them."""
    if not attentions or any(a is None for a in attentions):
        raise VizTransformerError(f"the model returned no attention weights: {EAGER}")
    return tuple(attentions)


def _words(tokenizer, **axes: Tensor) -> dict[str, Words]:
    return {axis: word_groups(tokenizer, ids.tolist()) for axis, ids in axes.items()}
