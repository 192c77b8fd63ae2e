"""The compact Transformer: config, parts, masks and generation.

What is imported from here is the model's public face: the pictures read the model through these
names only (an import contract checks it), so the files behind them can be reorganised freely."""

from .attention import MultiHeadAttention
from .config import TransformerConfig
from .dropout import Dropout
from .embedding import TokenEmbedding
from .feed_forward import FeedForward
from .generation import GenerationResult, generate, next_token
from .layer_norm import LayerNorm
from .masks import causal_mask, combine_masks, cross_mask, decoder_self_mask, padding_mask
from .output_head import OutputHead
from .positional import PositionalEncoding, sinusoidal_table
from .stack import Stack
from .transformer import Transformer

__all__ = [
    "Dropout",
    "FeedForward",
    "GenerationResult",
    "LayerNorm",
    "MultiHeadAttention",
    "OutputHead",
    "PositionalEncoding",
    "Stack",
    "TokenEmbedding",
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
