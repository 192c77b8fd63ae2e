"""The size every shipped toy model trains at: d_model 64, d_ff 128, pre-norm, no dropout,
two layers per stack. Small enough to train in about a minute on two CPU cores, big enough
to solve each task; a task states only where it differs."""

from __future__ import annotations

from typing import Any

from ..model import TransformerConfig

STACKS = {  # (encoder layers, decoder layers) of each shape
    "encoder-decoder": (2, 2),
    "decoder-only": (0, 2),
    "encoder-only": (2, 0),
}


def toy_config(vocab_size: int, shape: str, max_len: int, **differences: Any) -> TransformerConfig:
    """The toy models' shared configuration for ``shape``, with ``differences`` applied."""
    n_encoder_layers, n_decoder_layers = STACKS[shape]
    settings = {
        "src_vocab": vocab_size, "shape": shape, "d_model": 64, "n_heads": 4,
        "n_encoder_layers": n_encoder_layers, "n_decoder_layers": n_decoder_layers,
        "d_ff": 128, "dropout": 0.0, "norm": "pre", "max_len": max_len,
    }  # fmt: skip
    return TransformerConfig(**{**settings, **differences})
