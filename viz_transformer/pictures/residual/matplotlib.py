"""The residual stream's size through the layers, in matplotlib."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..common.heatmap_matplotlib import artist_kwargs, axes_to_draw_on
from ..common.sizes import Width
from ..common.style import figure_size, get_theme, theme_context
from ..common.theme import ThemeLike
from .view import ResidualNorms


def plot_residual_norms(
    view: ResidualNorms,
    ax: Axes | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> Axes:
    """Draw ‖x‖₂ at each point of the residual stream: one thin line per token, the mean over
    tokens thick.

    ``ax``: the axes to draw on; None: the current axes if a figure is open and that axes is
    still empty, else a new themed figure (``width``). ``**kwargs`` go to the mean's
    ``Line2D`` (e.g. ``color="C3"``, ``alpha=0.5``, ``label="post-norm"``); the token lines
    keep their style. Returns the axes (``ax.lines``: token lines first, the mean last).

    >>> view = vt.views.residual_norms(run.cache, "encoder")
    >>> vt.plot.residual_norms(view, ax=ax, linewidth=3)
    """
    t = get_theme(theme)
    with theme_context(t):
        ax, _ = axes_to_draw_on(ax, figure_size(width, 0.42), t)
        x = np.arange(len(view.points))
        for token, norms in zip(view.tokens, view.norms.T, strict=True):
            ax.plot(x, norms, color=t.head_color(1), linewidth=0.7, alpha=0.5, label=token)
        mean_style = {
            "color": t.foreground,
            "linewidth": 2.2,
            "marker": "o",
            "label": "mean over tokens",
        }
        ax.plot(x, view.norms.mean(axis=1), **artist_kwargs(mean_style, kwargs, Line2D))
        ax.set_xticks(x, view.points, rotation=30, ha="right", rotation_mode="anchor")
        ax.set_ylabel("‖x‖₂")
        ax.set_ylim(bottom=0)
        ax.set_title(view.title)
        handles, labels = ax.get_legend_handles_labels()
        ax.legend([handles[0], handles[-1]], ["one token", labels[-1]], loc="best")
    return ax
