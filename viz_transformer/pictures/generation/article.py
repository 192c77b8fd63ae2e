"""The source articles' worked example on the trained rescue model: the cross-attention of the
command it writes against the message it reads.

山区公路积雪3米,断电,50人被困,急需发电机和医疗队 → 派3台除雪车至A7公路,医疗队随行,协调电力公司恢复供电
"""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt

from ...tasks.rescue import MESSAGE
from ..attention.matplotlib import plot_head_attention
from ..attention.plotly import head_attention_figure
from ..attention.view import head_attention
from ..common.article_set import ArticleContext, ArticleFigure, Drawing
from ..common.style import figure_size, theme_context

POSITION = 11  # right after the attention figures

HEADS = "mean"  # the last layer's heads averaged: no head picked by hand


def rescue_cross(ctx: ArticleContext) -> Drawing:
    run = ctx.run("rescue", MESSAGE)
    layer = run.cache.n_layers("cross") - 1
    view = head_attention(run.cache, "cross", layer, HEADS, *run.tokens("cross"))
    title = ctx.pick(f"rescue · cross-attention · layer {layer} · mean over heads",
                     f"救援模型 · 交叉注意力 · 第 {layer} 层 · 各头平均")  # fmt: skip
    view = dataclasses.replace(view, title=title)
    with theme_context(ctx.theme):
        figure, ax = plt.subplots(figsize=figure_size("two-column", 0.85))
    plot_head_attention(view, ax, theme=ctx.theme)
    return Drawing(figure, head_attention_figure(view, theme=ctx.theme))


FIGURES = [
    ArticleFigure(
        "attention-rescue-cross",
        "The source articles' message through the trained rescue model, which writes their command "
        "exactly: cross-attention of the last layer, heads averaged, one row per written "
        "character. Where the message decides something the row is sharp: 3 looks at the depth "
        "3, 除 at 积雪, A at 山区公路, 医 and 随行 at 医疗队, 协 at 断电. Where the next character is "
        "already fixed by what has been written (雪 after 除, most of 协调电力公司恢复供电) the "
        "rows are faint, no token getting half the weight: the decoder needs nothing new from "
        "the message there.",
        "源文章的救援消息经过训练好的救援模型，模型一字不差地写出文章中的指令：最后一层交叉注意力（各头平均），"
        "每行是一个写出的字。消息决定内容的地方，这一行很集中：3 看积雪的深度 3，除 看积雪，A 看山区公路，"
        "医 和 随行 看医疗队，协 看断电。下一个字已由前面写出的内容决定时（除 后面的 雪，协调电力公司恢复供电"
        "的大部分），这些行很淡，没有哪个字得到一半的权重：这时解码器不需要从消息中读取新的信息。",
        rescue_cross,
    ),
]
