"""The mask figures of the article set: one head's scores, mask, masked scores and weights
for the four masks (padding, causal, cross, causal + padding), from the shipped models on
padded batches, so every −∞ in the pictures is one the model really used."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import torch

from ..common.article_set import ArticleContext, ArticleFigure, Drawing
from .matplotlib import plot_mask_pipeline
from .plotly import mask_pipeline_figure
from .view import MaskPipeline, mask_pipeline

POSITION = 20  # after attention

REVERSE_TEXTS = ("robot42", "mask")  # the short one is padded
INDUCTION_TEXT = "abc4abc4"
TITLES = {  # (part, what): English, Chinese
    "padding": ("reverse · encoder · padding mask", "反转模型 · 编码器 · 填充掩码"),
    "cross": ("reverse · cross-attention · padded source", "反转模型 · 交叉注意力 · 源序列有填充"),
    "combined": (
        "reverse · decoder · causal + padding mask",
        "反转模型 · 解码器 · 因果 + 填充掩码",
    ),
    "causal": ("induction · decoder · causal mask", "归纳模型 · 解码器 · 因果掩码"),
}


def padded(rows: list[list[int]], pad_id: int) -> torch.Tensor:
    """Right-pad id lists to one [batch, longest] tensor."""
    width = max(len(row) for row in rows)
    return torch.tensor([row + [pad_id] * (width - len(row)) for row in rows])


def reverse_pipeline(ctx: ArticleContext, part: str) -> MaskPipeline:
    """One head of the reverse model on the padded pair, the short (padded) item shown."""
    model, tokenizer = ctx.model("reverse")
    pad = model.config.pad_id
    src = padded([tokenizer.encode(t, add_eos=True) for t in REVERSE_TEXTS], pad)
    tgt = padded([tokenizer.encode(t[::-1], add_bos=True) for t in REVERSE_TEXTS], pad)
    cache = model.run_with_cache(src, tgt, names="*attn.hook_*")
    queries = tokenizer.pieces((src if part == "encoder" else tgt)[1])
    keys = tokenizer.pieces((tgt if part == "decoder" else src)[1])
    return mask_pipeline(cache, (src, tgt), part, 0, 0, batch=1, pad_id=pad,
                         query_tokens=queries, key_tokens=keys)  # fmt: skip


def induction_pipeline(ctx: ArticleContext) -> MaskPipeline:
    """One head of the induction model (decoder-only, no padding): the causal mask alone."""
    model, tokenizer = ctx.model("induction")
    ids = torch.tensor([tokenizer.encode(INDUCTION_TEXT, add_bos=True)])
    cache = model.run_with_cache(ids, names="*attn.hook_*")
    tokens = tokenizer.pieces(ids[0])
    return mask_pipeline(cache, (ids,), "decoder", 0, 0, query_tokens=tokens, key_tokens=tokens)


def mask_drawing(kind: str, pipeline: Callable[[ArticleContext], MaskPipeline]):
    """A builder drawing ``pipeline``'s view titled in the context's language."""

    def build(ctx: ArticleContext) -> Drawing:
        view = dataclasses.replace(pipeline(ctx), title=ctx.pick(*TITLES[kind]))
        axes = plot_mask_pipeline(view, theme=ctx.theme)
        return Drawing(axes[0].figure, mask_pipeline_figure(view, theme=ctx.theme))

    return build


FIGURES = [
    ArticleFigure(
        "masks-padding",
        "Padding mask: the encoder reads “mask” padded to the length of “robot42”. Scores "
        "S = QKᵀ/√dₖ, the mask M (0 where allowed, −∞ at <pad> keys), S + M, and the weights "
        "softmax(S + M): padded keys get weight exactly 0 in every row.",
        "填充掩码：编码器读取补齐到“robot42”长度的“mask”。依次为得分 S = QKᵀ/√dₖ、掩码 M"
        "（允许处为 0，<pad> 键处为 −∞）、S + M 和权重 softmax(S + M)：每一行中填充键的权重都恰好为 0。",
        mask_drawing("padding", lambda ctx: reverse_pipeline(ctx, "encoder")),
    ),
    ArticleFigure(
        "masks-causal",
        "Causal (look-ahead) mask: in the induction model's decoder, position t may only see "
        "keys 0…t. Every score above the diagonal becomes −∞, every weight there 0.",
        "因果（前瞻）掩码：归纳模型的解码器中，位置 t 只能看到键 0…t。对角线以上的得分全变为 −∞，权重全为 0。",
        mask_drawing("causal", induction_pipeline),
    ),
    ArticleFigure(
        "masks-cross",
        "Cross-attention mask: decoder queries read the encoder's keys, so only the source's "
        "padding is masked; whole columns become −∞.",
        "交叉注意力掩码：解码器的查询读取编码器的键，因此只屏蔽源序列的填充；整列变为 −∞。",
        mask_drawing("cross", lambda ctx: reverse_pipeline(ctx, "cross")),
    ),
    ArticleFigure(
        "masks-combined",
        "Causal + padding: a padded decoder batch needs both masks at once (a logical and). The "
        "future and the <pad> keys are −∞; padded query rows still see the real tokens before them.",
        "因果 + 填充：补齐的解码器批次同时需要两种掩码（逻辑与）。未来位置与 <pad> 键都是 −∞；"
        "填充位置的查询行仍能看到它之前的真实词元。",
        mask_drawing("combined", lambda ctx: reverse_pipeline(ctx, "decoder")),
    ),
]
