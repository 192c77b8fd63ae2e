"""Axis labels, panel titles and legend entries in Chinese for ``export --lang zh``.

Builders title their figures in the chosen language, but the renderers name axes in English
("key", "query", "weight"), the vocabulary of the code. For a Chinese article the labels go
through this glossary after drawing; symbols (dₖ, ‖x‖₂) and names (LayerNorm) stay as they
are, and the Chinese keeps the English term where a reader meets both (键 key).
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
from matplotlib.figure import Figure

ZH = {
    "key": "键 key",
    "query": "查询 query",
    "weight": "权重",
    "score": "分数",
    "head": "注意力头",
    "layer": "层",
    "entropy (bits)": "熵（比特）",
    "position": "位置",
    "dimension": "维度",
    "PE": "位置编码 PE",
    "PE value": "位置编码值",
    "dot product": "点积",
    "feature": "特征",
    "row (token)": "行（词元）",
    "input": "输入",
    "value": "值",
    "token": "词元",
    "context": "上下文",
    "mask M": "掩码 M",
    "−∞ (masked)": "−∞（被掩码）",
}
NUMBERED = {re.compile(r"^layer (\d+)$"): "第 {} 层", re.compile(r"^head (\d+)$"): "注意力头 {}"}


def in_chinese(label: str) -> str:
    """``label`` from the glossary, "layer 2" as "第 2 层", anything else unchanged."""
    if label in ZH:
        return ZH[label]
    for pattern, template in NUMBERED.items():
        if match := pattern.match(label):
            return template.format(*match.groups())
    return label


def translate_matplotlib(figure: Figure) -> None:
    """Every axis label (colour bars are axes too), panel title and legend entry in Chinese."""
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes)]
    texts = [t for legend in legends if legend is not None for t in legend.get_texts()]
    for ax in figure.axes:
        texts += [ax.xaxis.label, ax.yaxis.label, ax.title]
    for text in texts:  # set_text keeps each text's font and size (set_title would not)
        text.set_text(in_chinese(text.get_text()))


def translate_plotly(figure: go.Figure) -> None:
    """Every axis title, colour-bar title, panel title and legend entry in Chinese."""
    figure.for_each_xaxis(lambda axis: _retitle(axis.title))
    figure.for_each_yaxis(lambda axis: _retitle(axis.title))
    figure.for_each_annotation(lambda note: note.update(text=in_chinese(note.text or "")))
    for trace in figure.data:
        if trace.name:
            trace.name = in_chinese(trace.name)
        if "colorbar" in trace:
            _retitle(trace.colorbar.title)


def _retitle(title) -> None:
    if title.text:
        title.text = in_chinese(title.text)
