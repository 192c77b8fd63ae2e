"""The language of the pictures: every label of an explorer or an exported figure in English
or in Chinese (issue 14).

Views and renderers title and label in English, the vocabulary of the code. For a Chinese
reader the labels go through :func:`translate` after drawing: :func:`localize_plotly` and
:func:`localize_matplotlib` rewrite a finished figure's titles, axis and colour-bar titles,
annotations, legend entries and the label words of hover templates, and the explorers do the
same to their controls. The numbers drawn, the tick labels and every token (the model's input
and output) stay exactly as they were: only label words change.

The language is, in order: the one set with ``vt.set_language("zh")``; the environment
variable ``VIZ_TRANSFORMER_LANG``; the ``language`` key of an ``edition.toml`` in the current
working directory (the Chinese notebooks live in a folder holding one, and Jupyter, nbval and
Voila start a notebook's kernel in its folder); else English.

>>> translate("layer 2 · head 3", "zh")
'第 2 层 · 第 3 头'

The Chinese follows the terms of docs/CONCEPTS.md (查询, 键, 注意力权重, 因果掩码 ...); query, key
and value keep the English term after the Chinese one (键 key), as a reader meets both.
Symbols (dₖ, ‖x‖₂, softmax(QKᵀ)) and names (LayerNorm, BatchNorm, hook names, model names)
stay as they are. This module imports neither torch nor a drawing library.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...errors import VizTransformerError
from .fonts import font_family

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
ENV_VAR = "VIZ_TRANSFORMER_LANG"
EDITION_FILE = "edition.toml"

_chosen: str | None = None  # set by set_language


def check_language(lang: object, source: str = "lang") -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else an error naming ``source`` and the choices."""
    if isinstance(lang, str) and lang.strip().lower() in LANGUAGES:
        return lang.strip().lower()
    choices = ", ".join(f"{code!r} ({LANGUAGE_NAMES[code]})" for code in LANGUAGES)
    raise VizTransformerError(
        f"{source} {lang!r} is not a language of the pictures; choose {choices}."
    )


def set_language(lang: str | None) -> None:
    """Label every explorer and figure made from now on in ``lang``: "en" or "zh" (None: back
    to the environment variable, the ``edition.toml`` of the working folder, or English).

    >>> vt.set_language("zh")
    >>> vt.explorers.AttentionExplorer("reverse")  # axes, controls and hover in Chinese
    """
    global _chosen
    _chosen = None if lang is None else check_language(lang, "set_language:")


def current_language() -> str:
    """The language pictures are labelled in: the one given to :func:`set_language`, else the
    environment variable ``VIZ_TRANSFORMER_LANG``, else ``language`` in ``./edition.toml``,
    else "en". A value that is no language is refused, naming where it was read.

    >>> vt.current_language()
    'en'
    """
    if _chosen is not None:
        return _chosen
    if os.environ.get(ENV_VAR, "").strip():
        return check_language(os.environ[ENV_VAR], f"the environment variable {ENV_VAR} =")
    edition = Path.cwd() / EDITION_FILE
    if edition.is_file():
        lang = _edition_language(edition)
        if lang is not None:
            return check_language(lang, f"{edition}: language =")
    return "en"


def _edition_language(path: Path) -> object | None:
    """The ``language`` key of an edition file (None when it has none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise VizTransformerError(f"cannot read {path}: {error}.") from None
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # Python 3.10: the one line this file needs
        found = re.search(r"""^\s*language\s*=\s*["']([^"']*)["']""", text, re.MULTILINE)
        return found.group(1) if found else None
    try:
        return tomllib.loads(text).get("language")
    except tomllib.TOMLDecodeError as error:
        raise VizTransformerError(
            f'{path} is not valid TOML ({error}); it should hold a line like language = "zh".'
        ) from None


def _resolve(lang: str | None) -> str:
    return current_language() if lang is None else check_language(lang)


# -- the glossary --------------------------------------------------------------------------

# a whole label → its Chinese; short on axes and controls
ZH: dict[str, str] = {
    # attention
    "query": "查询 query",
    "key": "键 key",
    "value": "值",
    "values": "值",
    "weight": "权重",
    "weights": "权重",
    "score": "分数",
    "scores": "分数",
    "attention": "注意力",
    "attention weight": "注意力权重",
    "attention weights": "注意力权重",
    "self-attention": "自注意力",
    "masked self-attention": "掩码自注意力",
    "cross-attention": "交叉注意力",
    "cross attention": "交叉注意力",
    "encoder attention": "编码器注意力",
    "decoder attention": "解码器注意力",
    "encoder self-attention": "编码器自注意力",
    "decoder self-attention": "解码器自注意力",
    "cross-attention (source)": "交叉注意力（源序列）",
    "multi-head attention": "多头注意力",
    "scaled dot-product attention": "缩放点积注意力",
    "head": "注意力头",
    "heads": "注意力头",
    "layer": "层",
    "layers": "层",
    "mean over heads": "各头平均",
    "max over heads": "各头最大值",
    "mean": "平均",
    "max": "最大",
    "encoder": "编码器",
    "decoder": "解码器",
    "cross": "交叉",
    "source": "源序列",
    "target": "目标序列",
    "token": "词元",
    "tokens": "词元",
    "query tokens": "查询词元",
    "key tokens": "键词元",
    "token in vocabulary": "词表中的词元",
    "logit": "logit",
    "probability": "概率",
    "entropy (bits)": "熵（比特）",
    "entropy": "熵",
    "bits": "比特",
    "input": "输入",
    "output": "输出",
    "context": "上下文",
    "feature": "特征",
    "features": "特征",
    "row (token)": "行（词元）",
    "blocks": "模块",
    "hooks": "钩子",
    # masks
    "mask": "掩码",
    "mask M": "掩码 M",
    "−∞ (masked)": "−∞（被掩码）",
    "score −∞ (masked)": "分数 −∞（被掩码）",
    "masked": "被掩码",
    "padding": "填充",
    "causal": "因果",
    "causal + padding": "因果 + 填充",
    "no mask (no padding)": "无掩码（无填充）",
    "cross (no source padding)": "交叉（源序列无填充）",
    "cross (source padding)": "交叉（源序列有填充）",
    "padding mask": "填充掩码",
    "causal mask": "因果掩码",
    "cross mask": "交叉掩码",
    # positional encoding
    "position": "位置",
    "positions": "位置数",
    "dimension": "维度",
    "dimensions": "维度",
    "PE": "位置编码 PE",
    "PE value": "位置编码值",
    "dot product": "点积",
    "positional encoding": "位置编码",
    "positional encodings": "位置编码",
    "sinusoidal": "正余弦",
    "learned": "可学习",
    "sinusoidal (formula)": "正余弦（公式）",
    "sinusoidal positional encoding": "正余弦位置编码",
    "learned positional encoding": "可学习位置编码",
    "encoding": "位置编码",
    # normalisation and residuals
    "mean μ": "均值 μ",
    "variance σ²": "方差 σ²",
    "mean and variance": "均值与方差",
    "before (hook_in)": "归一化前 (hook_in)",
    "after (hook_out)": "归一化后 (hook_out)",
    "before": "之前",
    "after": "之后",
    "alone": "单独",
    "after self-attention": "自注意力之后",
    "after cross-attention": "交叉注意力之后",
    "after FFN": "FFN 之后",
    "pre-norm": "前置归一化",
    "post-norm": "后置归一化",
    "layer normalization": "层归一化",
    "residual connection": "残差连接",
    "residual connections": "残差连接",
    "one sentence in different batches: LayerNorm vs BatchNorm": (
        "同一句子在不同批次中：LayerNorm 与 BatchNorm"
    ),
    # scaling
    "weights p (query × key)": "权重 p（查询 × 键）",
    "largest weight": "最大权重",
    "gradient size": "梯度大小",
    "‖∂p/∂s‖ (Frobenius)": "‖∂p/∂s‖（Frobenius 范数）",
    "−Σ p log₂ p (bits)": "−Σ p log₂ p（比特）",
    "this setting": "当前设置",
    "without scaling": "不缩放",
    "with scaling": "缩放",
    "uniform": "均匀分布",
    "one query's softmax weights as dₖ grows": "dₖ 增大时一个查询的 softmax 权重",
    "spread of the scores s (std)": "分数 s 的离散程度（标准差）",
    "largest weight max p": "最大权重 max p",
    "entropy −Σ p log₂ p (bits)": "熵 −Σ p log₂ p（比特）",
    "gradient size ‖∂p/∂s‖ (Frobenius)": "梯度大小 ‖∂p/∂s‖（Frobenius 范数）",
    # generation and training
    "next token": "下一个词元",
    "training step": "训练步数",
    "loss": "损失",
    "accuracy": "准确率",
    "probe attention": "探针注意力",
    "training loss and accuracy": "训练损失与准确率",
    "full model": "完整模型",
    "with parts off": "关闭部分后",
    "n/a": "无",
    "exact match": "完全匹配",
    "greedy generation": "贪心生成",
    "every position": "每个位置",
    "per-token accuracy on the repeat": "重复部分的逐词元准确率",
    "no task": "无任务",
    "held-out score unavailable": "无留出集得分",
    # the architecture map
    "token embedding": "词嵌入",
    "+ positional encoding": "+ 位置编码",
    "final LayerNorm": "最终 LayerNorm",
    "⊕ residual": "⊕ 残差",
    "feed-forward": "前馈网络",
    "encoder input ↑": "编码器输入 ↑",
    "decoder input ↑": "解码器输入 ↑",
    "output head": "输出头",
    "one token": "单个词元",
    "mean over tokens": "各词元平均",
    "tokens shuffled": "词元打乱",
    "γ (scale)": "γ（缩放）",
    "β (shift)": "β（平移）",
    "random Q, K": "随机 Q、K",
    # head detectors: the pattern a head's attention follows
    "self": "自身",
    "previous": "前一个词元",
    "first": "首个词元",
    "anti-diagonal": "反对角线",
    # the shipped models, named by their task (the dropdowns' values stay the names)
    "count": "计数",
    "dates": "日期",
    "induction": "归纳",
    "rescue": "救援",
    "reverse": "反转",
    # controls
    "model": "模型",
    "text": "文本",
    "colours": "配色",
    "from query": "起始查询",
    "from key": "起始键",
    "block": "模块",
    "hook": "钩子",
    "temperature": "温度",
    "seed": "随机种子",
    "step": "步",
    "play": "播放",
    "◀ previous": "◀ 上一步",
    "next ▶": "下一步 ▶",
    "heads off": "关闭的头",
    "positional encoding off": "关闭位置编码",
    "1/√d_k scaling off": "关闭 1/√d_k 缩放",
    "residual connections off": "关闭残差连接",
    "stack": "堆叠",
    "batch mates": "同批文本",
    "keys": "键数",
    "snapshot": "快照",
    "without 1/√dₖ": "不除以 √dₖ",
    "with 1/√dₖ": "除以 √dₖ",
    "your model": "你的模型",
    "whole words": "整词",
    (
        "Merge subword pieces into words: a word's column adds up the weight given to its "
        "pieces, its row is the mean of its pieces' rows, so every row still sums to 1."
    ): "把子词片段合并成词：一个词的列是给它各片段的权重之和，它的行是各片段行的平均，所以每行之和仍为 1。",
    "your checkpoint": "你的检查点",
    # the explorers' own notes
    "full model:": "完整模型：",
    "with parts off:": "关闭部分后：",
    "output:": "输出：",
    # the labels the lessons write themselves (tests/test_lesson_labels.py)
    "embedding matrix E": "嵌入矩阵 E",
    "vocabulary": "词表",
    "weights (rows sum to 1)": "权重（每行之和为 1）",
    "where it looks": "它看向哪里",
    "hand-made heads: 0 traffic 交通 · 1 medical 医疗 · 2 power 电力": "手工设定的头：0 交通 · 1 医疗 · 2 电力",
    "what each team reads": "各小组在读什么",
    "mean attention entropy per head (bits)": "每个头的平均注意力熵（比特）",
    "detector scores": "检测分数",
    "detector scores per layer and head": "各层各头的检测分数",
    "activation": "激活函数",
    "Sublayer(x) only": "只有 Sublayer(x)",
    "layer (input)": "层（输入）",
    "gradient reaching each layer": "到达每一层的梯度",
    "‖x‖₂ of the residual stream per token": "残差流中每个词元的 ‖x‖₂",
    "the message as the encoder receives it": "编码器收到的消息",
    "this suite": "本套件",
    "the paper (§5.3)": "论文（§5.3）",
    "warm-up": "预热",
    "then linear decay to 0": "再线性降到 0",
    "then 1/√step": "再按 1/√步数 下降",
    "learning rate ÷ peak": "学习率 ÷ 峰值",
    "the same weights": "同一组权重",
    "induction score": "归纳分数",
    "previous-token score": "前一词元分数",
    "accuracy on the repeat (1 = 100%)": "重复部分的准确率（1 = 100%）",
    "while it trained": "训练过程中",
    "key in T(q): 1, else 0": "键在 T(q) 中：1，否则 0",
    "ideal 1/(c+1)": "理想值 1/(c+1)",
    "copies c of the letter in the string": "该字母在字符串中出现的次数 c",
    "weights materialised": "显式存下权重",
    "fused kernel": "融合计算核",
    "sequence length n": "序列长度 n",
    "time (ms)": "时间（ms）",
    "time of one attention layer": "一层注意力的耗时",
    "memory (MiB)": "内存（MiB）",
    "memory of one attention layer": "一层注意力的内存",
    "∝ n² (shifted up)": "∝ n²（上移）",
    "induction heads": "归纳头",
    # the neuron view: one query and one key, dimension by dimension
    "q and k per dimension": "每个维度上的 q 与 k",
    "q ⊙ k per dimension": "每个维度上的 q ⊙ k",
    "scores s = q·k/√dₖ over every key": "该查询对每个键的分数 s = q·k/√dₖ",
    "weights p = softmax(s)": "权重 p = softmax(s)",
    # attention rollout, and what it does not mean (rollout.view.CAVEAT, line by line)
    "Rollout: how much of each input token can reach each position if attention were the "
    "only mixing,": "注意力展开：假如词元之间只靠注意力混合，每个输入词元能有多少到达每个位置，",
    "with the residual weighed as much as attention (0.5·Ā + 0.5·I), linear, heads averaged.": (
        "残差与注意力同等权重（0.5·Ā + 0.5·I），线性，各头取平均。"
    ),
    "Not an explanation of the output: it ignores values, feed-forward layers, LayerNorm": (
        "它不能解释模型的输出：它忽略了值向量、前馈层、LayerNorm"
    ),
    "and the sign of contributions; 0.5 is a convention.": "以及贡献的正负；0.5 只是一种约定。",
}

# a control's label where it differs from the same word in a figure ("padding": how many)
CONTROLS_ZH: dict[str, str] = {
    "padding": "填充个数",
    "head": "头",
    "attention": "注意力部分",
    "encoding": "位置编码",
}

_PART = r"(encoder|decoder|cross)"
_NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"
_QUOTED = r"(“[^”]*”|'[^']*'|\"[^\"]*\"|'.*'|\".*\")"

# (pattern, template): the whole label matches; ``{0}`` is a group as it is (a number, a
# token, a name), ``{t0}`` the group translated
_PATTERN_TEXT: list[tuple[str, str]] = [
    # layers and heads
    (r"layer (\d+)", "第 {0} 层"),
    (r"layers (\d+)", "第 {0} 层"),
    (r"head (\d+)", "第 {0} 头"),
    (r"heads (\d+(?:, \d+)+) \(mean\)", "第 {0} 头（平均）"),
    (r"heads (\d+(?:, \d+)+)", "第 {0} 头"),
    (r"(\d+) heads", "{0} 个头"),
    (r"(\d+) layers × (\d+) heads", "{0} 层 × {1} 头"),
    (r"L(\d+) H(\d+)", "第 {0} 层第 {1} 头"),
    (r"cross L(\d+) H(\d+)", "交叉注意力 L{0} H{1}"),
    (_PART + r" L(\d+) H(\d+)", "{t0} L{1} H{2}"),
    (r"cross layer (\d+)", "交叉注意力第 {0} 层"),
    (_PART + r" layer (\d+)", "{t0}第 {1} 层"),
    (_PART + r" attention", "{t0}注意力"),
    (r"(\d+) encoder \+ (\d+) decoder layers", "编码器 {0} 层 + 解码器 {1} 层"),
    (r"(\d+) (encoder|decoder) layers?", "{t1} {0} 层"),
    (r"(\d+) (encoder|decoder) \+ (\d+) (encoder|decoder) layers", "{t1} {0} 层 + {t3} {2} 层"),
    (r"(encoder-decoder|decoder-only|encoder-only) Transformer", "{t0} Transformer"),
    (r"encoder-decoder", "编码器-解码器"),
    (r"decoder-only", "仅解码器"),
    (r"encoder-only", "仅编码器"),
    (r"(pre|post)-norm", "{t0}"),
    (r"entropy per head \(bits\)", "每个头的熵（比特）"),
    (r"batch item (\d+)", "批次第 {0} 项"),
    (r"(heads \d+(?:, \d+)+ \(mean\)) of (\[[\d, ]*\])", "{t0}（形状 {1}）"),
    # masks
    (r"mask: (.+)", "掩码：{t0}"),
    # generation
    (r"step (\d+) of (\d+)", "第 {0} 步（共 {1} 步）"),
    (r"writes " + _QUOTED, "写出 {0}"),
    (r"next token: (.+)", "下一个词元：{0}"),
    (r"training step (\d+)", "训练第 {0} 步"),
    # positional encoding
    (r"dim (\d+): (sin|cos)", "第 {0} 维：{1}"),
    (r"dim (\d+)", "第 {0} 维"),
    (r"pair i = (\d+): wavelength (.+)", "维度对 i = {0}：波长 {1}"),
    (r"wavelength (\S+)", "波长 {0}"),
    (r"one wave per dimension", "每个维度一条波"),
    (r"sinusoidal positional encoding \((d = \d+)\)", "正余弦位置编码（{0}）"),
    (r"sinusoidal \((d_model = \d+)\)", "正余弦（{0}）"),
    (r"sinusoidal \((d_model = \d+)\) (PE\[pos, dim\])", "正余弦（{0}）{1}"),
    (r"sinusoidal \((d_model = \d+)\): positional encodings", "正余弦（{0}）：位置编码"),
    (r"learned \((\S+) model\)", "可学习（{t0}模型）"),
    (r"learned by the (\S+) model", "{t0}模型学到的"),
    (r"learned by the (\S+) model (PE\[pos, dim\])", "{t0}模型学到的 {1}"),
    (r"(\S+) model", "{t0}模型"),
    (r"(count|dates|induction|rescue|reverse): (.+)", "{t0}模型：{t1}"),
    # normalisation
    (
        r"(\S+): each token's mean and variance before and after each LayerNorm",
        "{t0}：每个 LayerNorm 前后各词元的均值与方差",
    ),
    (r"(mean μ|variance σ²|μ|σ²) per (token|feature)", "每个{t1}的{t0}"),
    (r"(mean μ|variance σ²) of each of (\d+) tokens", "{1} 个词元各自的{t0}"),
    (r"dotted: (\S+), no change", "虚线：{0}（不变）"),
    (r"max \|Δ output\| vs context (\d+)", "max |Δ 输出|，相对 {0}"),  # short: 3 panels a row
    (r"with " + _QUOTED, "与 {0} 同批"),
    (r"(\S+): γ \(scale\) and β \(shift\) per feature", "{0}：每个特征的 γ（缩放）与 β（平移）"),
    (
        r"(\S+): size of the residual stream ‖x‖₂ per token through the layers",
        "{t0}：残差流各词元的大小 ‖x‖₂，逐层",
    ),
    (r"LayerNorm (ln\w*)", "LayerNorm {0}"),
    (r"⊕ Add & Norm (ln\w*)", "⊕ 相加并归一化 {0}"),
    # scaling
    (r"max weight (\S+)", "最大权重 {0}"),
    (r"entropy (\S+) of (\S+) bits", "熵 {0} / {1} 比特"),
    (r"gradient (‖∂p/∂s‖) (\S+)", "梯度 {0} {1}"),
    (r"without scaling: (.+)", "不缩放：{0}"),
    (r"with scaling: (.+)", "缩放：{0}"),
    (r"uniform: (.+)", "均匀分布：{0}"),
    (r"why divide by √dₖ: softmax statistics of (.+)", "为何除以 √dₖ：{t0}的 softmax 统计量"),
    (r"random scores", "随机分数"),
    (r"(trained|untrained) (count|dates|induction|rescue|reverse)", "{t0}{t1}模型"),
    (r"trained", "已训练"),
    (r"untrained", "未训练"),
    # ablation
    (r"held-out (.+) \((\d+) examples\)", "留出集{t0}（{1} 个样例）"),
    # the lessons' own labels
    (r"scores (QKᵀ/√d_k)", "分数 {0}"),
    (r"query " + _QUOTED, "查询 {0}"),
    (r"(\S+) \(urgently need\)", "{0}"),
    (r"hidden unit \((.+)\)", "隐藏单元（{0}）"),
    (r"(\d+)-layer encoder", "{0} 层编码器"),
    (r"(count|dates|induction|rescue|reverse) task", "{t0}任务"),
    (r"peak (\S+) at step (\d+)", "第 {1} 步达到峰值 {0}"),
    (r"(\S+) model on (.+)", "{t0}模型，输入 {1}"),
    (r"best layer-(\d+) head", "第 {0} 层得分最高的头"),
    (r"mean of layer (\d+)", "第 {0} 层的平均"),
    (r"colours (\S+)", "颜色范围 {0}"),
    (r"weight on (<\w+>)", "{0} 上的权重"),
    (r"what (<\w+>) keeps", "{0} 保留了什么"),
    (r"weights (\[[\w, ]*\])", "权重 {0}"),
    (r"(\S+) attention on (\S+)", "{t0}注意力，输入 {1}"),
    (r"cross-attention L(\d+) h(\d+)", "交叉注意力 L{0} h{1}"),
    (r"theme = (.+)", "主题 = {0}"),
    # the neuron view
    (r"query (\d+) → key (\d+)", "查询 {0} → 键 {1}"),
    (r"query (\d+)", "查询 {0}"),
    (r"(.+) at key (\d+)", "{t0}（键 {1}）"),
    # attention rollout
    (_PART + r" attention rollout", "{t0}注意力展开"),
    (r"rollout through layer (\d+)", "第 {0} 层的注意力展开"),
    (r"rollout through layers (\d+)–(\d+)", "第 {0}–{1} 层的注意力展开"),
    (r"layer (\d+) attention \(mean over heads\)", "第 {0} 层注意力（各头平均）"),
    # the model dropdown
    (r"your model \((\w+)\)", "你的模型（{0}）"),  # a class name: code, stays
]
# tried last, once a label has no part left to split off: a name or a count around a label
_LATE_TEXT: list[tuple[str, str]] = [
    (r"(.+) of (\[[\d, ]*\])", "{t0}（形状 {1}）"),  # "head 0 of [1, 4, 14, 14]"
    (r"(.+) \((\d+) queries × (\d+) keys, (N\(0, 1\))\)", "{t0}（{1} 个查询 × {2} 个键，{3}）"),
    (r"(.+) \((\d+) positions\)", "{t0}（{1} 个位置）"),
    (r"(.+) ((?:encoder|decoder|cross) layer \d+)", "{t0} {t1}"),
    (r"(.+) positional encoding", "{t0}位置编码"),
    (r"(.+) (PE\[pos, dim\])", "{t0} {1}"),
    (r"(.+) vs (.+)", "{t0} 与 {t1}"),
    (r"token (.+)", "词元 {0}"),  # a hover naming its token: the token is data
]


def _compile(patterns: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern + r"\Z", re.DOTALL), template) for pattern, template in patterns]


PATTERNS = _compile(_PATTERN_TEXT)
LATE_PATTERNS = _compile(_LATE_TEXT)

# the short notes explorers show in their message line (the long advice of errors and
# warnings stays English): the part after the colon is data (tokens)
MESSAGES = [
    (re.compile(r"not in this model's vocabulary, read as <unk>: (.*)\Z", re.DOTALL),
     "不在该模型词表中，按 <unk> 读入：{0}"),
]  # fmt: skip

# separators of compound titles, outermost first: (English, Chinese)
SEPARATORS = ((" — ", " — "), (" · ", " · "), ("; ", "；"), (": ", "："), (", ", "，"))
_OPENING, _CLOSING = "([{（“", ")]}）”"
_LATIN = re.compile(r"[A-Za-z]")


def translate(text: str, lang: str | None = None) -> str:
    """One label in ``lang`` (default: :func:`current_language`): from the glossary, by a
    numbered pattern ("layer 2" → "第 2 层", "head 3" → "第 3 头"), or, for a compound title
    joined by " — ", " · ", ": " or ", ", part by part. Anything else (a symbol, a number, a
    token, a name) comes back unchanged.

    >>> translate("mean over heads", "zh")
    '各头平均'
    """
    if _resolve(lang) == "en" or not text or not _LATIN.search(text):
        return text
    return _zh(text)


@functools.lru_cache(maxsize=8192)
def _zh(text: str) -> str:
    core = text.strip()
    if core != text:
        start = text.index(core[0]) if core else len(text)
        return text[:start] + _zh(core) + text[start + len(core) :]
    whole = _whole(text)
    if whole is not None:
        return whole
    for separator, joined in SEPARATORS:
        parts = _split_outside_brackets(text, separator)
        if len(parts) > 1:
            return joined.join(_translate_parts(parts, separator))
    late = _match(text, LATE_PATTERNS)
    return text if late is None else late


def _whole(text: str) -> str | None:
    """``text`` translated as one label (glossary or pattern), or None."""
    if text in ZH:
        return ZH[text]
    return _match(text, PATTERNS)


def _match(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> str | None:
    for pattern, template in patterns:
        if match := pattern.match(text):
            groups = [g or "" for g in match.groups()]
            return template.format(*groups, **{f"t{i}": _zh(g) for i, g in enumerate(groups)})
    return None


def _translate_parts(parts: list[str], separator: str) -> list[str]:
    """Each part translated; a run of parts that is one label ("heads 0, 2 (mean)") kept whole."""
    out, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i + 1, -1):
            whole = _whole(separator.join(parts[i:j]))
            if whole is not None:
                out.append(whole)
                i = j
                break
        else:
            out.append(_zh(parts[i]))
            i += 1
    return out


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    return [*parts, text[start:]]


# -- texts with markup: hover templates, annotations, HTML notes ----------------------------

# a hover template's placeholders (%{y}, %{z:.3f}), tags (<br>, <b>, <extra>) and entities
_MARKUP = re.compile(r"(%\{[^}]*\}|<[^>]*>|&[a-z]+;)")
# a chunk's label, then what closes it before a value: "weight: ", "P = "
_CHUNK = re.compile(r"([\s→←·,;:|]*)(.*?)((?:\s*[:=])?\s*)\Z", re.DOTALL)


def translate_markup(text: str, lang: str | None = None) -> str:
    """The label words of a plotly text with markup translated; its placeholders (``%{y}``,
    ``%{z:.3f}``) and tags (``<br>``, ``<extra>``) kept as they are.

    >>> translate_markup("query: %{y}<br>key: %{x}<br>weight: %{z:.3f}", "zh")
    '查询 query: %{y}<br>键 key: %{x}<br>权重: %{z:.3f}'
    """
    if _resolve(lang) == "en" or not text or not _LATIN.search(text):
        return text
    pieces = _MARKUP.split(text)
    return "".join(piece if i % 2 else _chunk(piece) for i, piece in enumerate(pieces))


def _chunk(text: str) -> str:
    if not _LATIN.search(text):
        return text
    whole = _zh(text)
    if whole != text:
        return whole
    lead, core, tail = _CHUNK.match(text).groups()
    return lead + _zh(core) + tail if core else text


def translate_control(label: str, lang: str | None = None) -> str:
    """A control's description (or an option's label) in ``lang``; module paths and hook
    names ("encoder.layers.0", "hook_q") are code and stay."""
    if _resolve(lang) == "en" or is_code(label):
        return label
    return CONTROLS_ZH.get(label) or translate(label, lang)


def is_code(label: str) -> bool:
    """A module path or hook name ("decoder.layers.1.cross_attn", "hook_weights"): one word
    with a dot or an underscore."""
    return bool(re.fullmatch(r"[\w.]*[._][\w.]*", label))


def translate_message(text: str, lang: str | None = None) -> str:
    """A message an explorer shows: its own short notes in ``lang``, anything else (the long
    advice of an error or a warning) unchanged."""
    if _resolve(lang) == "en" or not text:
        return text
    return _whole_message(text)


def _whole_message(text: str) -> str:
    for pattern, template in MESSAGES:
        if match := pattern.match(text):
            return template.format(*match.groups())
    return text


def translate_bold(html_text: str, lang: str | None = None) -> str:
    """An HTML note with its bold labels in ``lang``; what follows them (a model's output)
    is data and stays."""
    if _resolve(lang) == "en":
        return html_text
    return re.sub(r"<b>(.*?)</b>", lambda m: f"<b>{_chunk(m.group(1))}</b>", html_text)


# -- figures --------------------------------------------------------------------------------


def localize_plotly(figure: Any, lang: str | None = None) -> Any:
    """``figure`` (a plotly Figure or FigureWidget) labelled in ``lang``, in place, and
    returned: its title, axis titles, colour-bar titles, annotations, legend title, trace names
    and the label words of hover templates (never their ``%{...}`` placeholders), and word
    labels of bars. Tick labels (tokens) and the data are left alone.
    """
    lang = _resolve(lang)
    if lang == "en":
        return figure
    words = functools.partial(translate_markup, lang=lang)
    layout = figure.layout
    _retitle(layout, words)
    _retitle(layout.legend, words)
    for axis in [*figure.select_xaxes(), *figure.select_yaxes()]:
        _retitle(axis, words)
    for name in layout.to_plotly_json():
        if name.startswith("coloraxis"):
            _retitle(layout[name].colorbar, words)
    for note in layout.annotations:
        if note.text:
            note.text = words(note.text)
    for shape in layout.shapes:
        if "label" in shape and shape.label.text:
            shape.label.text = words(shape.label.text)
    for slider in layout.sliders:
        if slider.currentvalue.prefix:
            slider.currentvalue.prefix = words(slider.currentvalue.prefix)
    for menu in layout.updatemenus:
        for button in menu.buttons:
            if button.label:
                button.label = words(button.label)
    for trace in figure.data:
        _localize_trace(figure, trace, words)
    return figure


def _retitle(owner: Any, words: Callable[[str], str]) -> None:
    if owner is not None and "title" in owner and owner.title.text:
        owner.title.text = words(owner.title.text)


def _localize_trace(figure: Any, trace: Any, words: Callable[[str], str]) -> None:
    if trace.name:
        trace.name = words(trace.name)
    if "legendgrouptitle" in trace and trace.legendgrouptitle.text:
        trace.legendgrouptitle.text = words(trace.legendgrouptitle.text)
    if "colorbar" in trace:
        _retitle(trace.colorbar, words)
    if "hovertemplate" in trace and trace.hovertemplate is not None:
        trace.hovertemplate = _each(trace.hovertemplate, words)
    if trace.type in ("scatter", "scattergl", "bar", "box"):
        _relabel_categories(figure, trace, words)
    if trace.type != "bar":  # the text and hover text of other traces may be tokens
        return
    if trace.text is not None:
        trace.text = _each(trace.text, words)
    if trace.hovertext is not None:
        trace.hovertext = _each(trace.hovertext, words)


def _each(value: Any, words: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return words(value)
    return tuple(words(v) if isinstance(v, str) else v for v in value)


def _all_labels(labels: list[str], translated: list[str]) -> bool:
    """Whether a list of tick labels is labels, not tokens: every one with a letter in it is a
    label the glossary knows ("input", "0: after FFN"). Tokens (characters, words of a text)
    never all are, so a token axis is never translated."""
    worded = [(a, b) for a, b in zip(labels, translated, strict=True) if _LATIN.search(a)]
    return bool(worded) and all(a != b for a, b in worded)


def _relabel_categories(figure: Any, trace: Any, words: Callable[[str], str]) -> None:
    """A trace's categories ("full model", "0: after FFN") shown in ``lang`` when they are
    all labels (:func:`_all_labels`): the data keep their English category, the axis shows
    the translation."""
    vertical = trace.orientation != "h"
    categories = trace.x if vertical else trace.y
    if categories is None or not all(isinstance(c, str) for c in categories):
        return
    shown = [words(c) for c in categories]
    if not _all_labels(list(categories), shown):
        return
    axis_name = (trace.xaxis if vertical else trace.yaxis) or ("x" if vertical else "y")
    axis = figure.layout[axis_name[0] + "axis" + axis_name[1:]]
    axis.update(tickmode="array", tickvals=list(categories), ticktext=shown)


def localize_matplotlib(figure: Any, lang: str | None = None) -> Any:
    """``figure`` (a matplotlib Figure) labelled in ``lang``, in place, and returned: the
    suptitle, every axes' titles, axis labels (a colour bar's label is an axis label), legend
    entries and titles, and text annotations. Tick labels (tokens) are left alone, and so is
    a text that repeats one of them (a token drawn as text)."""
    lang = _resolve(lang)
    if lang == "en":
        return figure
    texts = [figure._suptitle, figure._supxlabel, figure._supylabel, *figure.texts]
    ticks: set[str] = set()
    for ax in figure.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += list(ax.texts)
        for axis in (ax.xaxis, ax.yaxis):
            ticks |= _relabel_ticks(axis, lang)
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes)]
    for legend in legends:
        if legend is not None:
            texts += [legend.get_title(), *legend.get_texts()]
    family = font_family()  # a label the user wrote in the default font has no CJK glyphs
    for text in texts:  # set_text keeps each text's size and weight (set_title would not)
        if text is None or text.get_text() in ticks:
            continue
        text.set_text(_lines(text.get_text(), lang))
        text.set_fontfamily(family)
    return figure


def _relabel_ticks(axis: Any, lang: str) -> set[str]:
    """An axis's tick labels in ``lang`` when they are all labels (:func:`_all_labels`),
    else (tokens, numbers) untouched; returns the labels shown as they were."""
    from matplotlib.ticker import FixedFormatter

    labels = [t.get_text() for t in axis.get_ticklabels()]
    shown = [translate(label, lang) for label in labels]
    if _all_labels(labels, shown):
        axis.set_ticks(axis.get_ticklocs())  # fixed, so the fixed labels stay with their ticks
        axis.set_major_formatter(FixedFormatter(shown))
        axis.set_tick_params(labelfontfamily=font_family())
        return set()
    return set(labels)


def _lines(text: str, lang: str) -> str:
    """A matplotlib text, line by line (a title may wrap onto a second line)."""
    return "\n".join(translate(line, lang) for line in text.split("\n"))


def labelled_in_current_language(draw: Callable[..., Any]) -> Callable[..., Any]:
    """``draw`` (a ``vt.plot`` or ``vt.figures`` function) whose picture comes back labelled
    in :func:`current_language`, as the explorers' pictures are: the public drawing functions
    speak the edition's language without a ``lang=`` on every call."""

    @functools.wraps(draw)
    def drawn(*args: Any, **kwargs: Any) -> Any:
        picture = draw(*args, **kwargs)
        lang = current_language()
        if lang != "en":
            _localize_picture(picture, lang)
        return picture

    return drawn


def _localize_picture(picture: Any, lang: str) -> None:
    """Localize what a drawing function returned: a plotly figure, or the matplotlib figure
    of the axes (one, or an array or sequence of them) or figure it returned."""
    if hasattr(picture, "to_plotly_json"):
        localize_plotly(picture, lang)
        return
    first = next(iter(getattr(picture, "flat", picture)), None) if _many(picture) else picture
    figure = getattr(first, "figure", None)
    if figure is not None:
        localize_matplotlib(figure, lang)


def _many(picture: Any) -> bool:
    return hasattr(picture, "flat") or isinstance(picture, (list, tuple))
