"""Builders for the "any model" tests: tiny models of other libraries built from configs and
tokenizers built from small vocabularies, all offline (nothing is downloaded).

``transformers`` is imported inside the builders: its model classes pull in torch.distributed,
sympy and torch._dynamo (about 6 CPU-seconds), which every test worker would otherwise pay
while collecting, whether or not it runs these tests.

Each tokenizer is a ``PreTrainedTokenizerFast`` around a ``tokenizers.Tokenizer``:
a byte-level BPE (GPT-2's ``Ġ`` pieces; trained here on English only, so a Chinese character
stays split into byte pieces), a WordPiece (BERT's ``##`` pieces and ``[CLS] … [SEP]``).
"""

from __future__ import annotations

import functools
import warnings
from typing import TYPE_CHECKING

import torch
from tokenizers import (
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    processors,
    trainers,
)
from torch import nn

if TYPE_CHECKING:
    from transformers import (
        BartForConditionalGeneration,
        BertModel,
        GPT2LMHeadModel,
        PreTrainedTokenizerFast,
        T5ForConditionalGeneration,
    )

ENGLISH = [
    "the cat sat on the mat",
    "the dog is playing with the ball",
    "attention is all you need",
    "a robot is walking in the rain",
]
BART_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # ids 0-3: BART's bos, pad, eos, unk
WORDPIECE_VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cat", "dog", "sat", "play",
                   "##ing", "##s", "on", "mat", "is", "with", "ball", "中", "文"]  # fmt: skip
TEXT = "the dog is playing"


@functools.cache
def byte_bpe(specials: tuple[str, ...] = ("<|endoftext|>",)) -> PreTrainedTokenizerFast:
    """A GPT-2-style byte-level BPE trained on a few English sentences."""
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=300, special_tokens=list(specials),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )  # fmt: skip
    tokenizer.train_from_iterator(ENGLISH, trainer)
    if specials == tuple(BART_SPECIALS):
        tokenizer.post_processor = processors.TemplateProcessing(
            single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
        )
        return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token="<s>",
                                       eos_token="</s>", pad_token="<pad>", unk_token="<unk>")  # fmt: skip
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, eos_token=specials[0])


@functools.cache
def wordpiece() -> PreTrainedTokenizerFast:
    """A BERT-style WordPiece over ``WORDPIECE_VOCAB``, adding [CLS] and [SEP]."""
    from transformers import PreTrainedTokenizerFast

    vocab = {piece: i for i, piece in enumerate(WORDPIECE_VOCAB)}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=False)  # spaces around 中, 文
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]",
                                   pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]")  # fmt: skip


def gpt2(attn_implementation: str = "eager", seed: int = 0) -> GPT2LMHeadModel:
    """A 2-layer, 4-head GPT-2 over ``byte_bpe()``."""
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    config = GPT2Config(vocab_size=len(byte_bpe()), n_positions=64, n_embd=32, n_layer=2,
                        n_head=4, bos_token_id=0, eos_token_id=0)  # fmt: skip
    config._attn_implementation = attn_implementation
    return GPT2LMHeadModel(config).eval()


def bert(seed: int = 0) -> BertModel:
    """A 2-layer, 4-head BERT over ``wordpiece()``."""
    from transformers import BertConfig, BertModel

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(WORDPIECE_VOCAB), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=64, max_position_embeddings=64,
                        pad_token_id=0)  # fmt: skip
    config._attn_implementation = "eager"
    return BertModel(config).eval()


def bart(seed: int = 0) -> BartForConditionalGeneration:
    """A 2+2-layer, 4-head BART over a byte-level BPE with BART's special ids."""
    from transformers import BartConfig, BartForConditionalGeneration

    torch.manual_seed(seed)
    config = BartConfig(vocab_size=len(byte_bpe(tuple(BART_SPECIALS))), d_model=32,
                        encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
                        decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64,
                        max_position_embeddings=64, bos_token_id=0, pad_token_id=1,
                        eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=None)  # fmt: skip
    config._attn_implementation = "eager"
    return _answering(BartForConditionalGeneration(config))


def t5(attn_implementation: str = "eager", seed: int = 0) -> T5ForConditionalGeneration:
    """A 2+2-layer, 4-head T5 (relative position biases) over the BART tokenizer's ids; its
    stacks keep copies of the config, so the implementation is set before they are built."""
    from transformers import T5Config, T5ForConditionalGeneration

    torch.manual_seed(seed)
    config = T5Config(vocab_size=len(bart_tokenizer()), d_model=32, d_kv=8, d_ff=64,
                      num_layers=2, num_decoder_layers=2, num_heads=4, pad_token_id=1,
                      eos_token_id=2, decoder_start_token_id=1)  # fmt: skip
    config._attn_implementation = attn_implementation
    return _answering(T5ForConditionalGeneration(config))


def _answering(model):
    """An untrained encoder-decoder that writes a few tokens before it may stop (random
    weights often write </s> first, leaving cross-attention a single row)."""
    model.generation_config.min_new_tokens = 4
    return model.eval()


def bart_tokenizer() -> PreTrainedTokenizerFast:
    return byte_bpe(tuple(BART_SPECIALS))


def hooked_transformer(d_vocab: int, seed: int = 0):
    """A 2-layer, 4-head TransformerLens HookedTransformer with random weights (the test is
    skipped without TransformerLens 3.x, which the ``bench`` extra installs)."""
    import pytest

    lens = pytest.importorskip("transformer_lens")
    HookedTransformer, HookedTransformerConfig = (
        lens.HookedTransformer,
        lens.HookedTransformerConfig,
    )

    config = HookedTransformerConfig(n_layers=2, d_model=32, n_ctx=32, d_head=8, n_heads=4,
                                     d_vocab=d_vocab, act_fn="relu", seed=seed)  # fmt: skip
    with warnings.catch_warnings():  # 3.x says HookedTransformer goes in 4.0: hence "<4"
        warnings.simplefilter("ignore", DeprecationWarning)
        return HookedTransformer(config).eval()


def torch_transformer(seed: int = 0) -> nn.Transformer:
    """A 2+2-layer, 4-head ``nn.Transformer`` (d_model 16)."""
    torch.manual_seed(seed)
    return nn.Transformer(16, 4, 2, 2, 32, dropout=0.0, batch_first=True).eval()
