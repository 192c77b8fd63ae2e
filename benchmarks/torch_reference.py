"""Our encoder-decoder's computation with torch's own modules, holding copies of our weights.

Embedding · √d_model + the same sinusoidal table → ``torch.nn.Transformer`` (post-norm, ReLU,
no final LayerNorms, as ours) → a Linear head. Copying the weights makes the comparison an
identical computation, checked by ``max_difference``.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from viz_transformer import Transformer
from viz_transformer.model.attention import MultiHeadAttention


class TorchSeq2Seq(nn.Module):
    """torch's Transformer between our embeddings and our output head."""

    def __init__(self, ours: Transformer) -> None:
        super().__init__()
        c = ours.config
        self.scale = math.sqrt(c.d_model)
        self.src_embed = nn.Embedding(c.src_vocab, c.d_model)
        self.tgt_embed = nn.Embedding(c.target_vocab, c.d_model)
        self.register_buffer("pe", ours.encoder.pos_encoding.table.clone(), persistent=False)
        self.transformer = nn.Transformer(
            c.d_model, c.n_heads, c.n_encoder_layers, c.n_decoder_layers, c.d_ff,
            dropout=0.0, activation=c.activation, layer_norm_eps=c.layer_norm_eps,
            batch_first=True,
        )  # fmt: skip
        self.transformer.encoder.norm = None  # ours (post-norm) has no final LayerNorms
        self.transformer.decoder.norm = None
        self.head = nn.Linear(c.d_model, c.target_vocab)
        copy_weights(ours, self)
        self.eval()

    def forward(self, src: Tensor, tgt: Tensor) -> Tensor:
        n = tgt.shape[1]
        causal = nn.Transformer.generate_square_subsequent_mask(n, device=tgt.device)
        x = self.src_embed(src) * self.scale + self.pe[: src.shape[1]]
        y = self.tgt_embed(tgt) * self.scale + self.pe[:n]
        return self.head(self.transformer(x, y, tgt_mask=causal, tgt_is_causal=True))


@torch.no_grad()
def copy_weights(ours: Transformer, ref: TorchSeq2Seq) -> None:
    """Put our parameters into the reference (W_Q, W_K, W_V stacked as torch's in_proj)."""
    ref.src_embed.weight.copy_(ours.encoder.embed.table.weight)
    ref.tgt_embed.weight.copy_(ours.decoder.embed.table.weight)
    ref.head.load_state_dict(ours.head.proj.state_dict())
    for mine, theirs in zip(ours.encoder.layers, ref.transformer.encoder.layers, strict=True):
        _copy_attention(mine.self_attn, theirs.self_attn)
        _copy_feed_forward(mine, theirs, norms=(mine.ln1, mine.ln2))
    for mine, theirs in zip(ours.decoder.layers, ref.transformer.decoder.layers, strict=True):
        _copy_attention(mine.self_attn, theirs.self_attn)
        _copy_attention(mine.cross_attn, theirs.multihead_attn)
        _copy_feed_forward(mine, theirs, norms=(mine.ln1, mine.ln2, mine.ln3))


def _copy_attention(mine: MultiHeadAttention, theirs: nn.MultiheadAttention) -> None:
    theirs.in_proj_weight.copy_(torch.cat([mine.w_q.weight, mine.w_k.weight, mine.w_v.weight]))
    theirs.in_proj_bias.copy_(torch.cat([mine.w_q.bias, mine.w_k.bias, mine.w_v.bias]))
    theirs.out_proj.load_state_dict(mine.w_o.state_dict())


def _copy_feed_forward(mine: nn.Module, theirs: nn.Module, norms: tuple[nn.Module, ...]) -> None:
    theirs.linear1.load_state_dict(mine.ffn.linear1.state_dict())
    theirs.linear2.load_state_dict(mine.ffn.linear2.state_dict())
    for i, norm in enumerate(norms, start=1):
        getattr(theirs, f"norm{i}").load_state_dict(norm.state_dict())


@torch.no_grad()
def max_difference(ours: Transformer, ref: TorchSeq2Seq, src: Tensor, tgt: Tensor) -> float:
    """Largest |ours − torch| over the logits: ~1e-5 means the two compute the same thing."""
    return float((ours(src, tgt) - ref(src, tgt)).abs().max())
