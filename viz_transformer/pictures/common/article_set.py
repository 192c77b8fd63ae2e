"""The article set: every figure the ``export`` command writes, with its captions in English
and Chinese, gathered from the ``article`` module of every picture family.

A family adds figures to the article with a module ``viz_transformer/pictures/<family>/article.py``:

    POSITION = 20                      # where the topic comes in the article (attention: 10)
    FIGURES = [ArticleFigure(name, caption_en, caption_zh, build), ...]

where ``build(context)`` returns a ``Drawing``: the matplotlib figure (PNG, SVG, PDF) and,
optionally, its plotly twin (HTML). Builders get models and texts through the context, which
loads each shipped model and runs each text once.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import plotly.graph_objects as go
from matplotlib.figure import Figure

from ...model import Transformer
from ...pretrained import load_pretrained
from ...runs.text_run import TextRun, run_text
from ...tokenizers import Tokenizer
from .theme import ThemeLike


@dataclass(frozen=True)
class Drawing:
    """One figure in both renderers; ``plotly`` is None when only a static picture exists."""

    matplotlib: Figure
    plotly: go.Figure | None = None


@dataclass
class ArticleContext:
    """What builders share: the language, the theme, and loaded models and runs (cached)."""

    lang: str = "en"
    theme: ThemeLike = "light"
    _models: dict = field(default_factory=dict, repr=False)
    _runs: dict = field(default_factory=dict, repr=False)

    def pick(self, en: str, zh: str) -> str:
        """The text in the context's language."""
        return zh if self.lang == "zh" else en

    def model(self, name: str) -> tuple[Transformer, Tokenizer]:
        """A shipped model and its tokenizer, loaded once."""
        if name not in self._models:
            self._models[name] = load_pretrained(name)
        return self._models[name]

    def run(self, name: str, text: str) -> TextRun:
        """Shipped model ``name`` run on ``text`` with every hook captured, once per pair."""
        if (name, text) not in self._runs:
            self._runs[name, text] = run_text(*self.model(name), text)
        return self._runs[name, text]


@dataclass(frozen=True)
class ArticleFigure:
    """A figure of the article set: file name (no suffix), captions, and how to draw it."""

    name: str
    caption_en: str
    caption_zh: str
    build: Callable[[ArticleContext], Drawing]

    def caption(self, lang: str) -> str:
        return self.caption_zh if lang == "zh" else self.caption_en


def article_figures() -> list[ArticleFigure]:
    """Every figure of every family's ``article`` module, sections ordered by their ``POSITION``."""
    pictures = importlib.import_module(__package__.rpartition(".")[0])
    modules = [
        importlib.import_module(f"{pictures.__name__}.{info.name}.article")
        for info in pkgutil.iter_modules(pictures.__path__)
        if info.ispkg and importlib.util.find_spec(f"{pictures.__name__}.{info.name}.article")
    ]
    modules.sort(key=lambda module: (getattr(module, "POSITION", 100), module.__name__))
    return [figure for module in modules for figure in module.FIGURES]
