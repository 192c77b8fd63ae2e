"""The layer-norm and residual figures of the article set: statistics before and after each
LayerNorm and its γ and β (trained reverse model), LayerNorm against BatchNorm on the source articles'
sentences in padded batches, and the residual stream's size in pre- and post-norm models."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import torch

from ...model import Transformer, TransformerConfig
from ...tokenizers import WordTokenizer
from ..batch_norm.matplotlib import plot_norm_comparison
from ..batch_norm.plotly import norm_comparison_figure
from ..batch_norm.view import NormComparison, norm_comparison
from ..common.article_set import ArticleContext, ArticleFigure, Drawing
from ..common.style import figure_size, theme_context
from ..residual.matplotlib import plot_residual_norms
from ..residual.plotly import residual_norms_figure
from ..residual.view import residual_norms
from .matplotlib import plot_layer_norm_parameters, plot_layer_norm_statistics
from .plotly import layer_norm_parameters_figure, layer_norm_statistics_figure
from .view import layer_norm_parameters, layer_norm_statistics

POSITION = 50  # after positional encoding

REVERSE_TEXT = "attention2017"
HOW, ROBOT = "how are you?", "I am a robot"
RESCUE = "山区公路积雪3米,断电,50人被困,急需发电机和医疗队"
INPUT_HOOK = "encoder.pos_encoding.hook_out"  # the vectors the first LayerNorm family sees


def statistics(ctx: ArticleContext) -> Drawing:
    run = ctx.run("reverse", REVERSE_TEXT)
    title = ctx.pick(
        "reverse · encoder: each token's mean and variance before and after each LayerNorm",
        "反转模型 · 编码器：每个词元在各个层归一化前后的均值与方差",
    )
    view = layer_norm_statistics(run.cache, "encoder", tokens=run.source_tokens)
    view = dataclasses.replace(view, title=title)
    axes = plot_layer_norm_statistics(view, theme=ctx.theme)
    return Drawing(axes[0].figure, layer_norm_statistics_figure(view, theme=ctx.theme))


def parameters(ctx: ArticleContext) -> Drawing:
    model, _ = ctx.model("reverse")
    view = layer_norm_parameters(model, "encoder", 1, "ln2")
    view = dataclasses.replace(
        view, title=ctx.pick(view.title, "encoder.layers.1.ln2：每个特征的 γ（缩放）与 β（平移）")
    )
    axes = plot_layer_norm_parameters(view, theme=ctx.theme)
    return Drawing(axes[0].figure, layer_norm_parameters_figure(view, theme=ctx.theme))


def seed_comparison(ctx: ArticleContext) -> NormComparison:
    """ "how are you?" alone and with the source articles' other sentences as batch neighbours, through
    the embedding + positional encoding of a small untrained encoder (word tokens)."""
    tokenizer = WordTokenizer.from_corpus([HOW, ROBOT, RESCUE])
    torch.manual_seed(0)
    config = TransformerConfig(src_vocab=len(tokenizer), shape="encoder-only", d_model=16, n_heads=2,
                               n_encoder_layers=1, n_decoder_layers=0, d_ff=32, dropout=0.0,
                               max_len=64)  # fmt: skip
    model = Transformer(config)
    batches = {
        ctx.pick("alone", "单独"): [HOW],
        ctx.pick("with “I am a robot”", "与“I am a robot”同批"): [HOW, ROBOT],
        ctx.pick("with the rescue message", "与救援消息同批"): [HOW, RESCUE],
        ctx.pick("with both", "与两者同批"): [HOW, ROBOT, RESCUE],
    }
    tensors = []
    for texts in batches.values():
        ids = [tokenizer.encode(text) for text in texts]
        width = max(len(row) for row in ids)
        padded = torch.tensor([row + [config.pad_id] * (width - len(row)) for row in ids])
        tensors.append(model.run_with_cache(padded, names=INPUT_HOOK)[INPUT_HOOK])
    contexts = [
        f"{name} ({t.shape[1]} positions)" for name, t in zip(batches, tensors, strict=True)
    ]
    title = ctx.pick(
        "“how are you?” in different padded batches: LayerNorm vs BatchNorm",
        "“how are you?”处于不同的补齐批次中：层归一化 vs 批归一化",
    )
    tokens = tokenizer.split(HOW)
    return norm_comparison(tensors, [0] * len(tensors), len(tokens), contexts, tokens, title=title)


def layer_vs_batch(ctx: ArticleContext) -> Drawing:
    view = seed_comparison(ctx)
    axes = plot_norm_comparison(view, theme=ctx.theme)
    return Drawing(axes[0].figure, norm_comparison_figure(view, theme=ctx.theme))


def residual(ctx: ArticleContext) -> Drawing:
    """The trained (pre-norm) reverse decoder beside the same shape built post-norm, untrained."""
    run = ctx.run("reverse", REVERSE_TEXT)
    model, _ = ctx.model("reverse")
    torch.manual_seed(0)
    post = Transformer(dataclasses.replace(model.config, norm="post"))
    post_cache = post.run_with_cache(*run.inputs, names="decoder.layers.*.hook_resid_*")
    views = [
        dataclasses.replace(residual_norms(run.cache, "decoder", tokens=run.target_tokens),
                            title=ctx.pick("pre-norm (trained reverse)", "前置归一化（已训练反转模型）")),
        dataclasses.replace(residual_norms(post_cache, "decoder", tokens=run.target_tokens),
                            title=ctx.pick("post-norm (same shape, untrained)", "后置归一化（同结构，未训练）")),
    ]  # fmt: skip
    with theme_context(ctx.theme):
        figure, axes = plt.subplots(1, 2, figsize=figure_size("two-column", 0.45))
        figure.suptitle(
            ctx.pick(
                "decoder: ‖x‖₂ of the residual stream per token", "解码器：残差流中每个词元的 ‖x‖₂"
            )
        )
    for ax, view in zip(axes, views, strict=True):
        plot_residual_norms(view, ax, theme=ctx.theme)
    return Drawing(figure, residual_norms_figure(views[0], theme=ctx.theme))


FIGURES = [
    ArticleFigure(
        "layer-norm-statistics",
        "LN(x) = γ·(x − μ)/√(σ² + ε) + β with μ and σ² over each token's own features: whatever "
        "mean and variance a token brings (blue), (x − μ)/√(σ² + ε) has mean 0 and variance 1, and "
        "the output (orange) is that reshaped by the learned γ and β, so all tokens leave alike. "
        "Pre-norm reverse model, encoder, “attention2017”.",
        "LN(x) = γ·(x − μ)/√(σ² + ε) + β，其中 μ 与 σ² 按每个词元自身的特征计算：无论词元带来怎样的均值和方差"
        "（蓝色），(x − μ)/√(σ² + ε) 的均值为 0、方差为 1，输出（橙色）再由学到的 γ 和 β 调整，"
        "因此所有词元离开时都相近。前置归一化的反转模型，编码器，“attention2017”。",
        statistics,
    ),
    ArticleFigure(
        "layer-norm-parameters",
        "The learned γ (scale) and β (shift) of one LayerNorm, per feature: close to the identity "
        "values 1 and 0, with small feature-by-feature adjustments.",
        "某个层归一化学到的 γ（缩放）和 β（平移），按特征显示：接近恒等值 1 和 0，逐特征略有调整。",
        parameters,
    ),
    ArticleFigure(
        "layer-norm-vs-batch-norm",
        "Why not BatchNorm for text: “how are you?” padded into batches with “I am a robot” and "
        "the rescue message 山区公路积雪3米,断电,50人被困,急需发电机和医疗队. LayerNorm's statistics "
        "are per token, so its numbers for the sentence never change (top, change 0). BatchNorm's "
        "are per feature over the whole padded batch, so they, and the sentence's normalised "
        "values, move with the neighbours and their padding (bottom).",
        "为什么文本不用批归一化：把“how are you?”与“I am a robot”以及救援消息"
        "“山区公路积雪3米,断电,50人被困,急需发电机和医疗队”补齐到同一批次。层归一化按词元计算统计量，"
        "因此这句话的数值从不改变（上排，变化为 0）；批归一化按特征在整个补齐批次上计算，统计量和这句话的"
        "归一化结果都随同批句子及其填充而变化（下排）。",
        layer_vs_batch,
    ),
    ArticleFigure(
        "residual-stream-norms",
        "The residual stream x ← x + Sublayer(x) through the decoder, one line per token. Pre-norm "
        "(left) lets the stream grow from layer to layer; post-norm (right) renormalises it after "
        "every sublayer, so its size stays near √d.",
        "残差流 x ← x + Sublayer(x) 在解码器中的变化，每个词元一条线。前置归一化（左）让残差流逐层增大；"
        "后置归一化（右）在每个子层后重新归一化，其大小保持在 √d 附近。",
        residual,
    ),
]
