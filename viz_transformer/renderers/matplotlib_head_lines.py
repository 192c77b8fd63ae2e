"""Token-to-token lines in matplotlib: queries on the left, keys on the right, one line per
(head, query, key) in the head's colour with opacity equal to the weight."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch

from ..style import display_token, font_family, get_theme, theme_context
from ..style.sizes import WIDTHS, Width
from ..style.theme import ThemeLike
from ..views.head_lines import HeadLines

LEFT, RIGHT = 0.0, 1.0  # x of the query and key columns
INCHES_PER_TOKEN = 0.17


def plot_head_lines(
    view: HeadLines,
    ax: Axes | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "one-column",
) -> Axes:
    """Draw the lines on ``ax`` (a new figure, tall enough for the tokens, if None).

    ``ax.collections[i]`` holds head ``view.heads[i]``: segment (q, k) is at index
    q · n_keys + k, its alpha is the weight.

    >>> vt.plot.head_lines(view, ax=ax)  # view = vt.views.head_lines(...)
    """
    t = get_theme(theme)
    n_queries, n_keys = view.weights.shape[1:]
    with theme_context(t):
        if ax is None:
            height = 1.0 + INCHES_PER_TOKEN * max(n_queries, n_keys)
            _, ax = plt.subplots(figsize=(WIDTHS[width] * 0.75, height))
        for index, head in enumerate(view.heads):
            ax.add_collection(_head_collection(view.weights[index], t.head_color(head)))
        _write_tokens(ax, view.query_tokens, LEFT - 0.03, "right")
        _write_tokens(ax, view.key_tokens, RIGHT + 0.03, "left")
        ax.set_xlim(LEFT - 0.45, RIGHT + 0.45)
        ax.set_ylim(-max(n_queries, n_keys) + 0.4, 1.2)
        ax.text(LEFT, 0.9, "query", ha="right", fontweight="bold")
        ax.text(RIGHT, 0.9, "key", ha="left", fontweight="bold")
        ax.set_axis_off()
        ax.set_title(view.title, fontfamily=font_family())
        handles = [Patch(color=t.head_color(h), label=f"head {h}") for h in view.heads]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncols=min(2, len(handles)), handlelength=1.0)  # fmt: skip
    return ax


def line_segments(n_queries: int, n_keys: int) -> np.ndarray:
    """[q · n_keys + k] → ((LEFT, −q), (RIGHT, −k)): every query–key pair, row by row."""
    q, k = np.divmod(np.arange(n_queries * n_keys), n_keys)
    starts = np.stack([np.full(q.shape, LEFT), -q], axis=1)
    ends = np.stack([np.full(k.shape, RIGHT), -k], axis=1)
    return np.stack([starts, ends], axis=1)


def _head_collection(weights: np.ndarray, color: str) -> LineCollection:
    colors = np.tile(to_rgba(color), (weights.size, 1))
    colors[:, 3] = np.clip(weights.ravel(), 0.0, 1.0)
    return LineCollection(line_segments(*weights.shape), colors=colors, linewidths=1.2)


def _write_tokens(ax: Axes, tokens: list[str], x: float, align: str) -> None:
    for i, token in enumerate(tokens):
        ax.text(x, -i, display_token(token), ha=align, va="center", fontfamily=font_family())
