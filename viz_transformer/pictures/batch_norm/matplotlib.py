"""LayerNorm against BatchNorm on padded batches, in matplotlib."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..common.heatmap_matplotlib import artist_kwargs
from ..common.panels_matplotlib import panel_axes
from ..common.sizes import Width
from ..common.style import get_theme, theme_context
from ..common.theme import Theme, ThemeLike
from .view import NormComparison

MARKERS = ("o", "s", "^", "D", "v", "P")


def plot_norm_comparison(
    view: NormComparison,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw LayerNorm against BatchNorm on padded batches: a 2 × 3 grid, LayerNorm on top,
    BatchNorm below: the mean, the variance (one line per context: LayerNorm's coincide,
    BatchNorm's do not) and how far the sentence's normalised values move from the first
    context (bars; LayerNorm's are 0). Returns the six axes.

    ``axes``: six axes (None: a new themed figure). ``**kwargs`` go to the ``Line2D`` of every
    context's line in the mean and variance panels (e.g. ``linewidth=2``, ``markersize=6``).

    >>> view = vt.views.norm_comparison(batches, rows, length, contexts, tokens)
    >>> axes = vt.plot.norm_comparison(view, markersize=6)
    """
    t = get_theme(theme)
    axes = panel_axes(axes, 6, theme=t, width=width, aspect=0.62, title=view.title, rows=2)
    rows = (
        ("LayerNorm", "token", view.tokens, view.layer_mean, view.layer_var, view.layer_change),
        ("BatchNorm", "feature", None, view.batch_mean, view.batch_var, view.batch_change),
    )
    top = max(float(view.batch_change.max()), float(view.layer_change.max())) * 1.15 or 1.0
    with theme_context(t):
        for row, (norm, over, labels, mean, var, change) in enumerate(rows):
            mean_ax, var_ax, change_ax = axes[3 * row : 3 * row + 3]
            _context_lines(mean_ax, mean, view.contexts, t, kwargs)
            _context_lines(var_ax, var, view.contexts, t, kwargs)
            mean_ax.set_title(f"mean μ per {over}")
            var_ax.set_title(f"variance σ² per {over}")
            mean_ax.set_ylabel(norm, fontweight="bold")
            for ax in (mean_ax, var_ax):
                ax.set_xlabel(over)
                if labels is not None:
                    ax.set_xticks(range(len(labels)), labels)
            change_ax.bar(
                range(len(change)), change, color=[t.head_color(i) for i in range(len(change))]
            )
            change_ax.set_xticks(range(len(change)), [str(i) for i in range(len(change))])
            change_ax.set_ylim(0, top)
            change_ax.set_xlabel("context")
            change_ax.set_title("max |Δ output| vs context 0")
            for i, value in enumerate(change):
                change_ax.text(i, value, f"{value:.2g}", ha="center", va="bottom")
        handles, _ = axes[0].get_legend_handles_labels()
        names = [f"{i}: {name}" for i, name in enumerate(view.contexts)]
        axes[0].figure.legend(handles, names, loc="outside lower center", ncols=2)
    return axes


def _context_lines(
    ax: Axes, values: np.ndarray, contexts: Sequence[str], theme: Theme, kwargs: dict[str, Any]
) -> None:
    """One line per context over the x positions, each with its own colour and marker."""
    for i, (context, row) in enumerate(zip(contexts, values, strict=True)):
        line = {
            "marker": MARKERS[i % len(MARKERS)],
            "markersize": 4,
            "linewidth": 1,
            "color": theme.head_color(i),
            "label": context,
            "alpha": 0.85,
        }
        ax.plot(row, **artist_kwargs(line, kwargs, Line2D))
