"""The scaling figures of the article set: why attention divides by √d_k, from random
(seeded) queries and keys as d_k grows, with a head of the trained reverse model marked."""

from __future__ import annotations

import dataclasses

from ..common.article_set import ArticleContext, ArticleFigure, Drawing
from .matplotlib import plot_scaling_curves, plot_softmax_examples
from .plotly import scaling_curves_figure, softmax_examples_figure
from .view import real_scaling, scaling_curves, softmax_examples

POSITION = 30  # after masks

REVERSE_TEXT = "attention2017"


def curves(ctx: ArticleContext) -> Drawing:
    run = ctx.run("reverse", REVERSE_TEXT)
    trained = real_scaling(
        run.cache, "cross", 1, 0, model_name=ctx.pick("trained reverse", "已训练反转模型")
    )
    title = ctx.pick(
        "why divide by √dₖ: softmax of random QKᵀ with and without the scale",
        "为什么除以 √dₖ：随机 QKᵀ 在缩放与不缩放时的 softmax",
    )
    view = dataclasses.replace(scaling_curves(), title=title)
    axes = plot_scaling_curves(view, overlay=trained, theme=ctx.theme)
    return Drawing(axes[0].figure, scaling_curves_figure(view, overlay=trained, theme=ctx.theme))


def examples(ctx: ArticleContext) -> Drawing:
    title = ctx.pick(
        "one query's weights over 10 keys as dₖ grows", "随着 dₖ 增大，一个查询对 10 个键的权重"
    )
    view = dataclasses.replace(softmax_examples(), title=title)
    axes = plot_softmax_examples(view, theme=ctx.theme)
    return Drawing(axes[0].figure, softmax_examples_figure(view, theme=ctx.theme))


FIGURES = [
    ArticleFigure(
        "scaling-curves",
        "Random queries and keys with unit-variance entries: the dot product q·k has variance "
        "dₖ, so unscaled scores spread as √dₖ (dashed), softmax saturates (largest weight → 1, "
        "entropy → 0) and its gradient ‖∂p/∂s‖ shrinks towards 0. Divided by √dₖ (solid), all "
        "four stay flat for every dₖ from 4 to 1024. Diamonds: a head of the trained reverse model.",
        "随机的查询与键（各分量方差为 1）：点积 q·k 的方差为 dₖ，所以不缩放的得分按 √dₖ 扩散（虚线），"
        "softmax 饱和（最大权重 → 1，熵 → 0），其梯度 ‖∂p/∂s‖ 趋向 0。除以 √dₖ 之后（实线），"
        "从 4 到 1024 的每个 dₖ 下四项指标都保持平稳。菱形：已训练反转模型的一个头。",
        curves,
    ),
    ArticleFigure(
        "scaling-softmax-examples",
        "One random query against ten random keys: without the scale the weight piles onto a "
        "single key as dₖ grows; with it the distribution keeps its spread.",
        "一个随机查询对十个随机键：不缩放时，随着 dₖ 增大，权重集中到单个键上；缩放后分布保持分散。",
        examples,
    ),
]
