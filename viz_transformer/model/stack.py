"""x₀ = Dropout(Embed(ids) + PE),  x_l = Block_l(x_{l−1}),  output x_N (LN(x_N) when pre-norm)

A stack of N identical layers with its own embedding and positional encoding.
"""

from __future__ import annotations

from torch import Tensor, nn

from .block import TransformerBlock
from .config import TransformerConfig
from .embedding import TokenEmbedding
from .layer_norm import LayerNorm
from .positional import PositionalEncoding


class Stack(nn.Module):
    """embed → positional encoding → N × TransformerBlock (→ final LayerNorm when pre-norm).

    The encoder, the decoder, and the single stack of GPT- and BERT-shaped models.
    """

    def __init__(
        self, config: TransformerConfig, vocab_size: int, n_layers: int, cross_attention: bool
    ) -> None:
        super().__init__()
        c = config
        self.embed = TokenEmbedding(vocab_size, c.d_model, c.pad_id)
        self.pos_encoding = PositionalEncoding(c.positional, c.max_len, c.d_model, c.dropout)
        self.layers = nn.ModuleList(TransformerBlock(c, cross_attention) for _ in range(n_layers))
        if c.norm == "pre":  # pre-norm leaves the last residual sum unnormalised
            self.ln_final = LayerNorm(c.d_model, c.layer_norm_eps)

    def forward(
        self,
        ids: Tensor,
        self_mask: Tensor | None,
        memory: Tensor | None = None,
        memory_mask: Tensor | None = None,
    ) -> Tensor:
        x = self.pos_encoding(self.embed(ids))
        for layer in self.layers:
            x = layer(x, self_mask, memory, memory_mask)
        if hasattr(self, "ln_final"):
            x = self.ln_final(x)
        return x
