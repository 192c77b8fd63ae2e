"""Token-to-token lines in matplotlib: queries on the left, keys on the right, one line per
(head, query, key) in the head's colour with opacity equal to the weight."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch

from ..common.heatmap_matplotlib import artist_kwargs, axes_to_draw_on
from ..common.sizes import WIDTHS, Width
from ..common.style import display_token, font_family, get_theme, theme_context
from ..common.theme import ThemeLike
from .view import HeadLines

LEFT, RIGHT = 0.0, 1.0  # x of the query and key columns
INCHES_PER_TOKEN = 0.17


def plot_head_lines(
    view: HeadLines,
    ax: Axes | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "one-column",
    **kwargs: Any,
) -> Axes:
    """Draw token-to-token lines: queries left, keys right, a line per (head, query, key) in
    the head's colour, as opaque as its weight.

    ``ax``: the axes to draw on; None: the current axes if a figure is open and that axes is
    still empty, else a new themed figure tall enough for the tokens. ``**kwargs`` go to the
    ``LineCollection`` of every head (e.g. ``linewidths=2``, ``linestyles=":"``); ``alpha``
    scales the weight-opacity (a line keeps weight × alpha) rather than replacing it.
    Returns the axes: ``ax.collections[i]`` holds head ``view.heads[i]``, segment (q, k) at
    index q · n_keys + k, its alpha the weight.

    >>> view = vt.views.head_lines(run.cache, "cross", 1, [0, 2])  # layer 1, heads 0 and 2
    >>> vt.plot.head_lines(view, ax=ax, linewidths=2)
    """
    t = get_theme(theme)
    n_queries, n_keys = view.weights.shape[1:]
    with theme_context(t):
        height = 1.0 + INCHES_PER_TOKEN * max(n_queries, n_keys)
        ax, _ = axes_to_draw_on(ax, (WIDTHS[width] * 0.75, height), t)
        for index, head in enumerate(view.heads):
            ax.add_collection(_head_collection(view.weights[index], t.head_color(head), kwargs))
        _write_tokens(ax, view.query_tokens, LEFT - 0.03, "right")
        _write_tokens(ax, view.key_tokens, RIGHT + 0.03, "left")
        ax.set_xlim(LEFT - 0.45, RIGHT + 0.45)
        ax.set_ylim(-max(n_queries, n_keys) + 0.4, 1.2)
        ax.text(LEFT, 0.9, "query", ha="right", fontweight="bold")
        ax.text(RIGHT, 0.9, "key", ha="left", fontweight="bold")
        ax.set_axis_off()
        ax.set_title(view.title, fontfamily=font_family())
        handles = [
            Patch(color=t.head_color(h), label=label)
            for h, label in zip(view.heads, view.labels, strict=True)
        ]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncols=min(2, len(handles)), handlelength=1.0)  # fmt: skip
    return ax


def line_segments(n_queries: int, n_keys: int) -> np.ndarray:
    """[q · n_keys + k] → ((LEFT, −q), (RIGHT, −k)): every query–key pair, row by row."""
    q, k = np.divmod(np.arange(n_queries * n_keys), n_keys)
    starts = np.stack([np.full(q.shape, LEFT), -q], axis=1)
    ends = np.stack([np.full(k.shape, RIGHT), -k], axis=1)
    return np.stack([starts, ends], axis=1)


def _head_collection(weights: np.ndarray, color: str, kwargs: dict[str, Any]) -> LineCollection:
    """One head's lines; a caller's ``alpha`` multiplies each line's weight-opacity."""
    options = artist_kwargs({"linewidth": 1.2}, kwargs, LineCollection)
    alpha = options.pop("alpha", None)
    colors = np.tile(to_rgba(color), (weights.size, 1))
    colors[:, 3] = np.clip(weights.ravel(), 0.0, 1.0) * (1.0 if alpha is None else alpha)
    return LineCollection(line_segments(*weights.shape), colors=colors, **options)


def _write_tokens(ax: Axes, tokens: list[str], x: float, align: str) -> None:
    for i, token in enumerate(tokens):
        ax.text(x, -i, display_token(token), ha=align, va="center", fontfamily=font_family())
