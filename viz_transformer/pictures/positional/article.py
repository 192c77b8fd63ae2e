"""The positional-encoding figures of the article set: the sin/cos waves, the table for
"I am a robot", sinusoidal against the trained learned table, and the permutation demos
(the source articles' 3×3 linear layer; a model without positions on a shuffled sentence)."""

from __future__ import annotations

import dataclasses

import torch

from ...model import Transformer, TransformerConfig
from ...model.positional import sinusoidal_table
from ...pretrained import available_models
from ...tokenizers import WordTokenizer
from ..common.article_set import ArticleContext, ArticleFigure, Drawing
from ..common.panels_matplotlib import plot_panels
from ..common.panels_plotly import panels_figure
from ..permutation.matplotlib import plot_permutation_demo
from ..permutation.plotly import permutation_demo_figure
from ..permutation.view import PermutationDemo, linear_layer_demo, model_permutation_demo
from .matplotlib import plot_encoding_tables, plot_positional_waves
from .plotly import encoding_tables_figure, positional_waves_figure
from .view import encoding_table, model_positional_table, sinusoidal_waves

POSITION = 40  # after scaling

ROBOT = "I am a robot"
SHUFFLE = (3, 2, 0, 1)  # "robot a I am"
OUTPUT_HOOK = "encoder.layers.1.hook_resid_post"


def waves(ctx: ArticleContext) -> Drawing:
    title = ctx.pick(
        "sinusoidal positional encoding (d = 64): a sin and a cos per pair i",
        "正余弦位置编码（d = 64）：每对维度 i 一个 sin、一个 cos",
    )
    view = dataclasses.replace(sinusoidal_waves(), title=title)
    axes = plot_positional_waves(view, theme=ctx.theme)
    return Drawing(axes[0].figure, positional_waves_figure(view, theme=ctx.theme))


def robot_table(ctx: ArticleContext) -> Drawing:
    name = ctx.pick("sinusoidal, “I am a robot”", "正余弦，“I am a robot”")
    view = encoding_table(sinusoidal_table(4, 16), name, ROBOT.split())
    axes = plot_encoding_tables(view, theme=ctx.theme)
    return Drawing(axes[0].figure, encoding_tables_figure(view, theme=ctx.theme))


def learned_table(ctx: ArticleContext) -> tuple[torch.Tensor, str]:
    """The positional table of a shipped model with ``positional="learned"`` (trained), or,
    if none ships, a tiny model's untrained one, named as such."""
    for model_name in available_models():
        model, _ = ctx.model(model_name)
        if model.config.positional == "learned":
            stack = "decoder" if model.config.has_decoder else "encoder"
            table = model_positional_table(model, stack)
            return table, ctx.pick(
                f"learned (trained, {model_name})", f"可学习（已训练，{model_name}）"
            )
    torch.manual_seed(0)
    config = TransformerConfig(shape="encoder-only", d_model=64, n_heads=4, n_encoder_layers=1,
                               n_decoder_layers=0, positional="learned", max_len=32)  # fmt: skip
    return model_positional_table(Transformer(config)), ctx.pick(
        "learned (UNTRAINED)", "可学习（未训练）"
    )


def sinusoidal_vs_learned(ctx: ArticleContext) -> Drawing:
    table, name = learned_table(ctx)
    views = [
        encoding_table(sinusoidal_table(*table.shape), ctx.pick("sinusoidal", "正余弦")),
        encoding_table(table, name),
    ]
    axes = plot_encoding_tables(views, theme=ctx.theme)
    return Drawing(axes[0].figure, encoding_tables_figure(views, theme=ctx.theme))


def linear_permutation(ctx: ArticleContext) -> Drawing:
    title = ctx.pick(
        "a linear layer y = x w: reordering the rows of x reorders the rows of y alike",
        "线性层 y = x w：x 的行换了顺序，y 的行也按同样的顺序换",
    )
    view = dataclasses.replace(linear_layer_demo(), title=title)
    axes = plot_permutation_demo(view, theme=ctx.theme)
    return Drawing(axes[0].figure, permutation_demo_figure(view, theme=ctx.theme))


def shuffled_sentence(positional: str, title: str) -> PermutationDemo:
    """A small untrained encoder with ``positional`` on "I am a robot" and its shuffle."""
    tokenizer = WordTokenizer.from_corpus([ROBOT])
    torch.manual_seed(0)
    config = TransformerConfig(src_vocab=len(tokenizer), shape="encoder-only", d_model=8, n_heads=2,
                               n_encoder_layers=2, n_decoder_layers=0, d_ff=16, dropout=0.0,
                               positional=positional, max_len=8)  # fmt: skip
    model = Transformer(config)
    ids = torch.tensor([tokenizer.encode(ROBOT)])
    cache = model.run_with_cache(ids, names=OUTPUT_HOOK)
    shuffled = model.run_with_cache(ids[:, list(SHUFFLE)], names=OUTPUT_HOOK)
    tokens = tokenizer.pieces(ids[0])
    return model_permutation_demo(cache, shuffled, SHUFFLE, OUTPUT_HOOK, tokens, title=title)


def model_permutation(ctx: ArticleContext) -> Drawing:
    demos = [
        shuffled_sentence("none", ctx.pick("without positional encoding", "没有位置编码")),
        shuffled_sentence("sinusoidal", ctx.pick("with sinusoidal encoding", "有正余弦位置编码")),
    ]
    title = ctx.pick(
        "an encoder (random weights) on “I am a robot” and on “robot a I am”",
        "编码器（随机权重）读取“I am a robot”与“robot a I am”",
    )
    panels = [
        dataclasses.replace(panel, title=f"{demo.title}: {panel.title}" if i == 0 else panel.title)
        for demo in demos
        for i, panel in enumerate(demo.panels)
    ]
    labels = {"xlabel": "feature", "ylabel": "token"}
    axes = plot_panels(panels, title=title, theme=ctx.theme, aspect=0.5, rows=2, **labels)
    plotly = panels_figure(panels, title=title, theme=ctx.theme, rows=2, **labels)
    return Drawing(axes[0].figure, plotly)


FIGURES = [
    ArticleFigure(
        "positional-waves",
        "PE(pos, 2i) = sin(pos/10000^(2i/d)), PE(pos, 2i+1) = cos(…): each pair of dimensions is "
        "a wave, and the wavelength grows from 2π to 10000·2π across the pairs, so every position "
        "gets a distinct pattern. Dots mark the integer positions where the encoding is used.",
        "PE(pos, 2i) = sin(pos/10000^(2i/d))，PE(pos, 2i+1) = cos(…)：每对维度是一条波，波长从 2π "
        "逐对增大到 10000·2π，因此每个位置都有独特的模式。圆点标出实际使用编码的整数位置。",
        waves,
    ),
    ArticleFigure(
        "positional-robot",
        "The sinusoidal encodings added to “I am a robot” (d = 16), and their dot products: "
        "neighbouring positions are more alike than distant ones.",
        "加到“I am a robot”上的正余弦位置编码（d = 16）及其点积：相邻位置比远处的位置更相似。",
        robot_table,
    ),
    ArticleFigure(
        "positional-sinusoidal-vs-learned",
        "Sinusoidal against learned: the sinusoidal table follows the formula, and its dot products "
        "depend only on the distance p − q (bands parallel to the diagonal). The learned table of "
        "the induction model is whatever training made it; it has rows only up to its max_len, so "
        "it cannot extend to longer inputs.",
        "正余弦与可学习位置编码对比：正余弦表遵循公式，点积只取决于距离 p − q（与对角线平行的条带）。"
        "归纳模型的可学习表完全由训练决定；它只有 max_len 行，无法外推到更长的输入。",
        sinusoidal_vs_learned,
    ),
    ArticleFigure(
        "positional-permutation-linear",
        "Why position is needed, the source articles' example: w = [[1,2],[3,4],[5,6]] applied to "
        "x = [[1,2,3],[4,5,6],[7,8,9]] and to x reordered as [[4,5,6],[7,8,9],[1,2,3]]. The "
        "outputs' rows move the same way; nothing else changes (difference after undoing the "
        "reordering: 0). The articles call this permutation invariance; for per-token outputs "
        "it is precisely equivariance.",
        "为什么需要位置信息（原文的例子）：w = [[1,2],[3,4],[5,6]] 分别作用于 x = [[1,2,3],[4,5,6],[7,8,9]] "
        "和行序换成 [[4,5,6],[7,8,9],[1,2,3]] 的 x。输出的行按同样的顺序移动，其余不变（把顺序换回后差为 0）。"
        "原文称之为排列不变性；对逐词的输出而言，准确的说法是置换等变性。",
        linear_permutation,
    ),
    ArticleFigure(
        "positional-permutation-model",
        "The same law for a whole encoder: without positional encoding, the outputs for the "
        "shuffled sentence are the original outputs, shuffled (difference ≈ 1e-7, float rounding): "
        "the model cannot tell word order. With sinusoidal encoding the difference is large.",
        "整个编码器也遵循同样的规律：没有位置编码时，打乱句子的输出就是原输出按同样方式打乱"
        "（差约 1e-7，仅为浮点误差），模型分辨不出词序。加入正余弦位置编码后差异很大。",
        model_permutation,
    ),
]
