"""Post-norm (the paper's):  x ← LN(x + Dropout(Sublayer(x)))
Pre-norm:                  x ← x + Dropout(Sublayer(LN(x)))

One Transformer layer: attention and feed-forward sublayers, each wrapped in a residual
connection and a LayerNorm. Encoder layers, decoder layers and GPT/BERT blocks are all this
class; a decoder layer of the encoder-decoder shape adds cross-attention.
"""

from __future__ import annotations

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

    def forward(
        self,
        x: Tensor,
        self_mask: Tensor | None,
        memory: Tensor | None = None,
        memory_mask: Tensor | None = None,
    ) -> Tensor:
        """[batch, seq, d_model] → [batch, seq, d_model]; ``memory`` [batch, src, d_model] is
        the encoder output that cross-attention reads, ``memory_mask`` its padding mask."""
        if self.pre_norm:
            return self._forward_pre_norm(x, self_mask, memory, memory_mask)
        return self._forward_post_norm(x, self_mask, memory, memory_mask)

    def _forward_post_norm(
        self, x: Tensor, self_mask: Tensor | None, memory: Tensor | None, memory_mask: Tensor | None
    ) -> Tensor:
        """The paper's layer: x ← LN(x + Dropout(Sublayer(x))) for each sublayer."""
        x = self.hook_resid_pre(x)
        x = self.ln1(self.residual(x) + self.dropout(self.self_attn(x, x, self_mask)))
        x = self.hook_resid_mid(x)
        if self.has_cross_attention:
            x = self.ln2(self.residual(x) + self.dropout(self.cross_attn(x, memory, memory_mask)))
            x = self.hook_resid_mid_cross(x)
        x = self.ffn_norm(self.residual(x) + self.dropout(self.ffn(x)))
        return self.hook_resid_post(x)

    def _forward_pre_norm(
        self, x: Tensor, self_mask: Tensor | None, memory: Tensor | None, memory_mask: Tensor | None
    ) -> Tensor:
        """x ← x + Dropout(Sublayer(LN(x))) for each sublayer: the residual stream itself is
        never normalised (the stack's ``ln_final`` does that once, at the end)."""
        x = self.hook_resid_pre(x)
        h = self.ln1(x)
        x = self.residual(x) + self.dropout(self.self_attn(h, h, self_mask))
        x = self.hook_resid_mid(x)
        if self.has_cross_attention:
            x = self.residual(x) + self.dropout(self.cross_attn(self.ln2(x), memory, memory_mask))
            x = self.hook_resid_mid_cross(x)
        x = self.residual(x) + self.dropout(self.ffn(self.ffn_norm(x)))
        return self.hook_resid_post(x)

    def residual(self, x: Tensor) -> Tensor | float:
        """The residual path: ``x`` itself, or 0 while ``residual_on`` is switched off (to show
        what the path carries: without it each layer sees only its sublayers' output)."""
        return x if self.residual_on else 0.0

    @property
    def has_cross_attention(self) -> bool:
        return hasattr(self, "cross_attn")

    @property
    def ffn_norm(self) -> LayerNorm:
        """The feed-forward sublayer's LayerNorm: ``ln3`` after cross-attention, else ``ln2``."""
        return self.ln3 if self.has_cross_attention else self.ln2

    @property
    def _ffn_norm_name(self) -> str:
        return "ln3" if self.has_cross_attention else "ln2"
