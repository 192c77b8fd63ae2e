"""Bad inputs to the Python API: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``)."""

from __future__ import annotations

from viz_transformer import TransformerConfig

from .case import BadInput


def _config(**bad):
    """A small valid config with ``bad`` settings on top."""
    return TransformerConfig(**{"src_vocab": 10, "d_model": 8, "n_heads": 2, **bad})


CONFIG = [
    BadInput(
        "d_model not divisible by n_heads",
        lambda _: TransformerConfig(src_vocab=10, d_model=10, n_heads=3),
        says="divisible",
    ),
    BadInput("layer_norm_eps 0", lambda _: _config(layer_norm_eps=0.0), says="layer_norm_eps.*NaN"),
    BadInput("layer_norm_eps negative", lambda _: _config(layer_norm_eps=-1e-5), says="positive"),
    BadInput("layer_norm_eps nan", lambda _: _config(layer_norm_eps=float("nan")), says="positive"),
    BadInput("negative layer count", lambda _: _config(n_encoder_layers=-1), says="0 or more"),
    BadInput("vocabulary 0", lambda _: _config(src_vocab=0), says="src_vocab must be at least 1"),
    BadInput(
        "target vocabulary 0", lambda _: _config(tgt_vocab=0), says="tgt_vocab must be at least 1"
    ),
    BadInput(
        "pad_id outside the vocabulary", lambda _: _config(pad_id=10), says="pad_id=10 is outside"
    ),
    BadInput("eos_id negative", lambda _: _config(eos_id=-1), says="eos_id must be 0 or more"),
    BadInput(
        "bos_id outside a small target vocabulary", lambda _: _config(tgt_vocab=1), says="bos_id=1"
    ),
    BadInput("float size", lambda _: _config(d_model=8.0), says="d_model must be a whole number"),
    BadInput(
        "bool as a size", lambda _: _config(n_heads=True), says="n_heads must be a whole number"
    ),
    BadInput("string as a size", lambda _: _config(max_len="64"), says="max_len must be a whole"),
    BadInput("dropout nan", lambda _: _config(dropout=float("nan")), says="dropout"),
    BadInput(
        "shape not a string", lambda _: _config(shape=["decoder-only"]), says="shape=.*not one of"
    ),
]

CASES: list[BadInput] = [*CONFIG]
