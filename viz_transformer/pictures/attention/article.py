"""The attention figures of the article set: one head, the layers × heads grid, token-to-token
lines, heads combined, entropy and head detectors, from the shipped models; and the source
articles' Chinese rescue message through an untrained model, which attends almost evenly.

Heads are chosen by their detector scores, not by number, so the figures stay right when a
model is retrained.
"""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import torch

from ...model import Transformer, TransformerConfig
from ...runs.text_run import run_text
from ...tokenizers import CharTokenizer
from ..common.article_set import ArticleContext, ArticleFigure, Drawing
from ..common.panel import Panel
from ..common.panels_matplotlib import plot_panels
from ..common.panels_plotly import panels_figure
from ..common.style import figure_size, theme_context
from ..detectors.view import head_detectors
from ..entropy.view import head_entropy
from ..grid.matplotlib import plot_attention_grid
from ..grid.plotly import attention_grid_figure
from ..grid.view import attention_grid
from ..lines.matplotlib import plot_head_lines
from ..lines.plotly import head_lines_figure
from ..lines.view import head_lines
from .matplotlib import plot_head_attention
from .plotly import head_attention_figure
from .view import head_attention

POSITION = 10  # attention opens the article

REVERSE_TEXT = "attention2017"
INDUCTION_TEXT = "transfo9876transfo9876"  # random tokens, then the same again
DATES_TEXT = "21 Nov 2026"
RESCUE_TEXT = "山区公路积雪3米,断电,50人被困,急需发电机和医疗队"


def best_head(scores: np.ndarray, layer: int | None = None) -> tuple[int, int]:
    """(layer, head) of the highest score in a [layer, head] map (within ``layer`` if given)."""
    if layer is not None:
        return layer, int(np.argmax(scores[layer]))
    flat = int(np.argmax(scores))
    return divmod(flat, scores.shape[1])


def detector(ctx: ArticleContext, name: str, text: str, part: str, pattern: str) -> np.ndarray:
    """The [layer, head] scores of one pattern for a shipped model on a text."""
    run = ctx.run(name, text)
    queries, keys = run.tokens(part)
    panels = head_detectors(run.cache, part, queries, keys, patterns=[pattern])
    return panels[0].values


def reverse_cross_head(ctx: ArticleContext) -> Drawing:
    run = ctx.run("reverse", REVERSE_TEXT)
    layer, head = best_head(detector(ctx, "reverse", REVERSE_TEXT, "cross", "anti-diagonal"))
    view = head_attention(run.cache, "cross", layer, head, *run.tokens("cross"))
    title = ctx.pick(f"reverse · cross-attention · layer {layer} · head {head}",
                     f"反转模型 · 交叉注意力 · 第 {layer} 层 · 第 {head} 头")  # fmt: skip
    view = dataclasses.replace(view, title=title)
    figure = plot_head_attention(view, theme=ctx.theme).figure
    return Drawing(figure, head_attention_figure(view, theme=ctx.theme))


def reverse_cross_grid(ctx: ArticleContext) -> Drawing:
    run = ctx.run("reverse", REVERSE_TEXT)
    view = attention_grid(run.cache, "cross", *run.tokens("cross"))
    title = ctx.pick("reverse · cross-attention, every layer and head",
                     "反转模型 · 交叉注意力：各层各头")  # fmt: skip
    view = dataclasses.replace(view, title=title)
    figure = plot_attention_grid(view, theme=ctx.theme)[0, 0].figure
    return Drawing(figure, attention_grid_figure(view, theme=ctx.theme))


def induction_grid(ctx: ArticleContext) -> Drawing:
    run = ctx.run("induction", INDUCTION_TEXT)
    view = attention_grid(run.cache, "decoder", *run.tokens("decoder"))
    title = ctx.pick("induction · decoder self-attention, every layer and head",
                     "归纳模型 · 解码器自注意力：各层各头")  # fmt: skip
    view = dataclasses.replace(view, title=title)
    figure = plot_attention_grid(view, theme=ctx.theme)[0, 0].figure
    return Drawing(figure, attention_grid_figure(view, theme=ctx.theme))


def induction_lines(ctx: ArticleContext) -> Drawing:
    run = ctx.run("induction", INDUCTION_TEXT)
    scores = detector(ctx, "induction", INDUCTION_TEXT, "decoder", "induction")
    layer = best_head(scores)[0]
    heads = sorted(np.argsort(scores[layer])[-2:].tolist())  # the two most induction-like
    view = head_lines(run.cache, "decoder", layer, heads, *run.tokens("decoder"))
    title = ctx.pick(f"induction heads · layer {layer}", f"归纳头 · 第 {layer} 层")
    view = dataclasses.replace(view, title=title)
    figure = plot_head_lines(view, theme=ctx.theme).figure
    return Drawing(figure, head_lines_figure(view, theme=ctx.theme))


def induction_detectors(ctx: ArticleContext) -> Drawing:
    run = ctx.run("induction", INDUCTION_TEXT)
    panels = head_detectors(run.cache, "decoder", *run.tokens("decoder"))
    title = ctx.pick("induction model · head detector scores", "归纳模型 · 注意力头模式得分")
    return _panels_drawing(ctx, panels, title, "head", "layer", aspect=0.24)


def dates_mean_max(ctx: ArticleContext) -> Drawing:
    run = ctx.run("dates", DATES_TEXT)
    queries, keys = run.tokens("cross")
    layer = run.cache.n_layers("cross") - 1
    panels = []
    for combine, zh in (("mean", "各头平均"), ("max", "各头最大")):
        view = head_attention(run.cache, "cross", layer, combine, queries, keys)
        title = ctx.pick(f"{combine} over heads", zh)
        panels.append(Panel(title, view.weights, "weights", keys, queries))
    title = ctx.pick(
        f"dates · cross-attention · layer {layer}", f"日期模型 · 交叉注意力 · 第 {layer} 层"
    )
    return _panels_drawing(ctx, panels, title, "key", "query", aspect=0.5)


def dates_entropy(ctx: ArticleContext) -> Drawing:
    run = ctx.run("dates", DATES_TEXT)
    names = {"encoder": "编码器", "decoder": "解码器", "cross": "交叉"}
    panels = [
        head_entropy(run.cache, part, title=ctx.pick(part, names[part]))
        for part in run.cache.attention_parts
    ]
    top = max(panel.vmax for panel in panels)  # one scale, so colours compare across parts
    panels = [dataclasses.replace(panel, vmax=top) for panel in panels]
    title = ctx.pick(
        "dates · attention entropy per head (bits)", "日期模型 · 每个头的注意力熵（比特）"
    )
    return _panels_drawing(ctx, panels, title, "head", "layer", aspect=0.3)


def rescue_untrained(ctx: ArticleContext) -> Drawing:
    run = untrained_run(RESCUE_TEXT)
    tokens = run.tokens("encoder")
    view = head_attention(run.cache, "encoder", 0, 0, *tokens)
    title = ctx.pick("untrained encoder · layer 0 · head 0 · the rescue message",
                     "未训练的编码器 · 第 0 层 · 第 0 头 · 救援消息")  # fmt: skip
    view = dataclasses.replace(view, title=title)
    with theme_context(ctx.theme):
        figure, ax = plt.subplots(figsize=figure_size("two-column", 0.78))
    plot_head_attention(view, ax, theme=ctx.theme)
    return Drawing(figure, head_attention_figure(view, theme=ctx.theme))


def untrained_run(text: str, seed: int = 0):
    """A randomly initialised 1-layer encoder (4 heads) over the characters of ``text``."""
    tokenizer = CharTokenizer.from_corpus([text])
    torch.manual_seed(seed)
    config = TransformerConfig(
        src_vocab=len(tokenizer), shape="encoder-only", d_model=32, n_heads=4,
        n_encoder_layers=1, n_decoder_layers=0, d_ff=64, dropout=0.0, max_len=64,
    )  # fmt: skip
    return run_text(Transformer(config), tokenizer, text)


def _panels_drawing(
    ctx: ArticleContext, panels: list[Panel], title: str, xlabel: str, ylabel: str, aspect: float
) -> Drawing:
    axes = plot_panels(
        panels, title=title, xlabel=xlabel, ylabel=ylabel, theme=ctx.theme, aspect=aspect
    )
    plotly = panels_figure(panels, title=title, xlabel=xlabel, ylabel=ylabel, theme=ctx.theme)
    return Drawing(axes[0].figure, plotly)


FIGURES = [
    ArticleFigure(
        "attention-reverse-cross-head",
        "The trained reverse model writing “attention2017” backwards: in cross-attention each "
        "output token (row) looks at the source token it copies, so the weight runs along the "
        "anti-diagonal. The head shown is the one with the highest anti-diagonal score.",
        "反转模型把“attention2017”倒过来写：交叉注意力中每个输出词元（行）都看向它要复制的源词元，"
        "权重沿反对角线分布。图中是反对角线得分最高的头。",
        reverse_cross_head,
    ),
    ArticleFigure(
        "attention-reverse-cross-grid",
        "Every layer and head of the reverse model's cross-attention on one fixed 0–1 scale: "
        "the first layer is blurred, the second sharp; different heads share the work.",
        "反转模型交叉注意力的所有层与头，统一使用 0–1 色标：第一层较模糊，第二层很清晰；不同的头分担工作。",
        reverse_cross_grid,
    ),
    ArticleFigure(
        "attention-induction-grid",
        "The induction model on a random string repeated once: layer 0 heads look at the "
        "previous token, layer 1 heads jump to the token after the earlier occurrence of the "
        "current one (the stripe below the diagonal).",
        "归纳模型读取重复一次的随机字符串：第 0 层的头看前一个词元，第 1 层的头跳到当前词元上次出现处的"
        "下一个词元（对角线下方的条纹）。",
        induction_grid,
    ),
    ArticleFigure(
        "attention-induction-lines",
        "Token-to-token lines of the two most induction-like heads: line opacity is the "
        "weight, colour the head. In the repeat, each token points at what followed it last time.",
        "两个最像归纳头的头的词元连线图：线的不透明度表示权重，颜色区分头。在重复部分，每个词元都指向它上次"
        "出现时后面的词元。",
        induction_lines,
    ),
    ArticleFigure(
        "attention-induction-detectors",
        "Head detector scores (attention mass on the pattern's keys, 0–1) for every layer and "
        "head of the induction model: previous-token heads in layer 0, induction heads in layer 1.",
        "归纳模型每层每个头的模式得分（落在该模式目标键上的注意力质量，0–1）：第 0 层是前一词元头，"
        "第 1 层是归纳头。",
        induction_detectors,
    ),
    ArticleFigure(
        "attention-dates-mean-max",
        "The dates model's last cross-attention layer, heads combined: the mean is still a "
        "distribution per row; the max shows every link some head makes.",
        "日期模型最后一层交叉注意力的多头合并：平均值每行仍是概率分布；最大值显示任一头建立的所有联系。",
        dates_mean_max,
    ),
    ArticleFigure(
        "attention-dates-entropy",
        "Attention entropy per head of the dates model (0 bits: one key; the scale's top: "
        "evenly over all keys).",
        "日期模型每个头的注意力熵（0 比特：只看一个键；色标上限：平均分给所有键）。",
        dates_entropy,
    ),
    ArticleFigure(
        "attention-rescue-untrained",
        "The source articles' rescue message through an untrained (randomly initialised) "
        "encoder: every character spreads its attention over the whole message, and no weight "
        "reaches a third of its row. Nothing is learned yet; which characters matter is what "
        "training finds (compare the trained rescue model's cross-attention).",
        "原文中的救援消息经过一个未训练（随机初始化）的编码器：每个字的注意力都分散在整条消息上，"
        "没有哪个权重达到该行的三分之一。模型还什么都没学到；哪些字重要，要靠训练才能找到"
        "（对比训练过的救援模型的交叉注意力）。",
        rescue_untrained,
    ),
]
