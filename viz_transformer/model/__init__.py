"""The compact Transformer: config, parts, masks and generation."""

from .attention import MultiHeadAttention
from .config import TransformerConfig
from .generation import GenerationResult, generate, next_token
from .masks import causal_mask, combine_masks, cross_mask, decoder_self_mask, padding_mask
from .positional import PositionalEncoding, sinusoidal_table
from .transformer import Transformer

__all__ = [
    "GenerationResult",
    "MultiHeadAttention",
    "PositionalEncoding",
    "Transformer",
    "TransformerConfig",
    "causal_mask",
    "combine_masks",
    "cross_mask",
    "decoder_self_mask",
    "generate",
    "next_token",
    "padding_mask",
    "sinusoidal_table",
]
