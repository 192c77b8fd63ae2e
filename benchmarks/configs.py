"""The model sizes every row uses, and input ids without padding."""

from __future__ import annotations

import torch
from torch import Tensor

from viz_transformer import Transformer, TransformerConfig

VOCAB = 32
FIRST_REAL_ID = 4  # ids 0-3 are <pad> <bos> <eos> <unk>: inputs hold no padding
MAX_LEN = 2048
LENGTHS = (64, 256, 1024)

# the 2017 paper's base model, and a tiny one where per-call overheads dominate
SIZES = {
    "base": {"d_model": 512, "n_heads": 8, "n_encoder_layers": 6, "n_decoder_layers": 6,
             "d_ff": 2048},
    "tiny": {"d_model": 64, "n_heads": 4, "n_encoder_layers": 2, "n_decoder_layers": 2,
             "d_ff": 256},
}  # fmt: skip


def our_model(size: str, shape: str = "encoder-decoder", seed: int = 0, **options) -> Transformer:
    """Our Transformer with random weights, eval mode, dropout 0."""
    torch.manual_seed(seed)
    config = TransformerConfig(
        src_vocab=VOCAB, shape=shape, dropout=0.0, max_len=MAX_LEN, **SIZES[size], **options
    )
    return Transformer(config).eval()


def random_ids(length: int, seed: int = 0, batch: int = 1) -> Tensor:
    """[batch, length] ids drawn from the real tokens, so no position is padding."""
    generator = torch.Generator().manual_seed(seed)
    return torch.randint(FIRST_REAL_ID, VOCAB, (batch, length), generator=generator)
