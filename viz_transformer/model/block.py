"""One Transformer layer: attention and feed-forward sublayers, each wrapped in a residual
connection and a LayerNorm. Encoder layers, decoder layers and GPT/BERT blocks are all this
class; a decoder layer of the encoder-decoder shape adds cross-attention.
"""

from __future__ import annotations

from collections.abc import Callable

from torch import Tensor, nn

from ..hooks.hook_point import HookPoint
from .attention import MultiHeadAttention
from .config import TransformerConfig
from .dropout import Dropout
from .feed_forward import FeedForward
from .layer_norm import LayerNorm


class TransformerBlock(nn.Module):
    """Sublayers in order: self-attention, cross-attention (optional), feed-forward.

    Post-norm (paper): x ← LN(x + Dropout(Sublayer(x))).
    Pre-norm (option): x ← x + Dropout(Sublayer(LN(x))).
    LayerNorms follow torch's numbering: ``ln1`` self-attention, ``ln2`` cross-attention or,
    without it, feed-forward, ``ln3`` feed-forward after cross-attention.
    Hooks: ``hook_resid_pre`` (input), ``hook_resid_mid`` (after self-attention),
    ``hook_resid_mid_cross`` (after cross-attention, decoder of encoder-decoder only),
    ``hook_resid_post`` (output); all [batch, seq, d_model].
    """

    def __init__(self, config: TransformerConfig, cross_attention: bool) -> None:
        super().__init__()
        d, h, p = config.d_model, config.n_heads, config.dropout
        self.pre_norm = config.norm == "pre"
        self.dropout = Dropout(p)
        # attributes in forward order, so hook names list in the order tensors are made
        self.hook_resid_pre = HookPoint()
        self.self_attn = MultiHeadAttention(d, h, p)
        self.ln1 = LayerNorm(d, config.layer_norm_eps)
        self.hook_resid_mid = HookPoint()
        if cross_attention:
            self.cross_attn = MultiHeadAttention(d, h, p)
            self.ln2 = LayerNorm(d, config.layer_norm_eps)
            self.hook_resid_mid_cross = HookPoint()
        self.ffn = FeedForward(d, config.d_ff, p, config.activation)
        # torch's names: norm2 follows the FFN in an encoder layer, norm3 in a decoder layer
        setattr(self, self._ffn_norm_name, LayerNorm(d, config.layer_norm_eps))
        self.hook_resid_post = HookPoint()
        self.residual_on = True  # set False to show what the residual path carries

    @property
    def has_cross_attention(self) -> bool:
        return hasattr(self, "cross_attn")

    @property
    def _ffn_norm_name(self) -> str:
        return "ln3" if self.has_cross_attention else "ln2"

    def forward(
        self,
        x: Tensor,
        self_mask: Tensor | None,
        memory: Tensor | None = None,
        memory_mask: Tensor | None = None,
    ) -> Tensor:
        x = self.hook_resid_pre(x)
        x = self._sublayer(x, self.ln1, lambda y: self.self_attn(y, y, self_mask))
        x = self.hook_resid_mid(x)
        if self.has_cross_attention:
            x = self._sublayer(x, self.ln2, lambda y: self.cross_attn(y, memory, memory_mask))
            x = self.hook_resid_mid_cross(x)
        x = self._sublayer(x, getattr(self, self._ffn_norm_name), self.ffn)
        return self.hook_resid_post(x)

    def _sublayer(self, x: Tensor, norm: LayerNorm, sublayer: Callable[[Tensor], Tensor]) -> Tensor:
        """The residual connection x + Sublayer(·), with the norm before or after it."""
        skip = x if self.residual_on else 0.0
        if self.pre_norm:
            return skip + self.dropout(sublayer(norm(x)))
        return norm(skip + self.dropout(sublayer(x)))
