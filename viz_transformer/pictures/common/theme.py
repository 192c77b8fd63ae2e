"""Light and dark themes: the colours, fonts and sizes shared by every matplotlib and plotly picture."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib

from ...errors import VizTransformerError
from .fonts import font_family
from .notebook import FIGURE_DPI

# the plotly trace types this package draws: a figure's template keeps their defaults only
DRAWN_TRACE_TYPES = ("bar", "heatmap", "scatter")

# Okabe–Ito: colours told apart under the common colour-vision deficiencies, ordered so the
# first heads get the colours with most contrast on white (yellow comes last)
_OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
# on a dark background the light colours lead and the deep blue comes last
_OKABE_ITO_DARK = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00", "#0072B2")


@dataclass(frozen=True)
class Theme:
    """Colours of one variant; ``head_colors`` tell heads apart (cycled beyond eight)."""

    name: str
    background: str
    foreground: str
    masked: str  # the colour of −∞ cells, outside both colour scales
    head_colors: tuple[str, ...]
    plotly_template: str
    font_size: float = 8.0  # article body text is ~9–10 pt; figures a little smaller

    def head_color(self, head: int) -> str:
        return self.head_colors[head % len(self.head_colors)]


LIGHT = Theme("light", "#ffffff", "#222222", "#8c8c8c", (*_OKABE_ITO, "#000000"), "plotly_white")
DARK = Theme("dark", "#111111", "#e6e6e6", "#6b6b6b", (*_OKABE_ITO_DARK, "#ffffff"), "plotly_dark")
THEMES = {theme.name: theme for theme in (LIGHT, DARK)}

ThemeLike = str | Theme


def get_theme(theme: ThemeLike = "light") -> Theme:
    """A Theme from its name ("light" or "dark"), or the Theme itself."""
    if isinstance(theme, Theme):
        return theme
    if theme not in THEMES:
        raise VizTransformerError(f"theme must be one of {list(THEMES)}, got {theme!r}.")
    return THEMES[theme]


def matplotlib_rc(theme: ThemeLike = "light") -> dict[str, Any]:
    """matplotlib rcParams of a theme: colours, font sizes and the CJK-capable font family."""
    t = get_theme(theme)
    return {
        "font.family": font_family(),
        "font.size": t.font_size,
        "axes.titlesize": t.font_size + 1,
        "axes.labelsize": t.font_size,
        "xtick.labelsize": t.font_size - 1,
        "ytick.labelsize": t.font_size - 1,
        "legend.fontsize": t.font_size - 1,
        "figure.dpi": FIGURE_DPI,  # sharp and readable inline; exports pass their own dpi
        "figure.facecolor": t.background,
        "axes.facecolor": t.background,
        "savefig.facecolor": t.background,
        "axes.edgecolor": t.foreground,
        "axes.labelcolor": t.foreground,
        "text.color": t.foreground,
        "xtick.color": t.foreground,
        "ytick.color": t.foreground,
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
        "axes.unicode_minus": True,
    }


@contextmanager
def theme_context(theme: ThemeLike = "light") -> Iterator[Theme]:
    """``with theme_context("dark"):`` figures created inside use the theme; yields the Theme."""
    with matplotlib.rc_context(matplotlib_rc(theme)):
        yield get_theme(theme)


def plotly_layout(theme: ThemeLike = "light") -> dict[str, Any]:
    """plotly layout keywords of a theme (the browser supplies fonts, CJK included)."""
    t = get_theme(theme)
    return {
        "template": drawn_types_template(t.plotly_template),
        "paper_bgcolor": t.background,
        "plot_bgcolor": t.background,
        "font": {"color": t.foreground, "size": 12},
    }


@functools.cache
def drawn_types_template(name: str) -> Any:
    """plotly's template ``name`` kept to its layout and the trace types the package draws
    (:data:`DRAWN_TRACE_TYPES`): the full one styles some thirty trace types, which plotly
    validates again for every figure (half of a small figure's build time) and which doubles
    every figure's JSON (7 KB of it) sent to the page. The package's figures look the same."""
    import plotly.graph_objects as go
    import plotly.io as pio

    full = pio.templates[name].to_plotly_json()
    data = {
        kind: traces for kind, traces in full.get("data", {}).items() if kind in DRAWN_TRACE_TYPES
    }
    return go.layout.Template(layout=full.get("layout", {}), data=data)
