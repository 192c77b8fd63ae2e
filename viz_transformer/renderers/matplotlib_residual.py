"""The residual stream's size through the layers, in matplotlib."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..style import figure_size, get_theme, theme_context
from ..style.sizes import Width
from ..style.theme import ThemeLike
from ..views.residual import ResidualNorms


def draw_residual_norms(
    view: ResidualNorms,
    ax: Axes | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> Axes:
    """‖x‖₂ at each point of the stream: one thin line per token, the mean over tokens thick;
    returns the axes (token lines first, the mean last).

    >>> vt.plot.residual_norms(view, ax=ax)  # view = vt.views.residual_norms(...)
    """
    t = get_theme(theme)
    with theme_context(t):
        if ax is None:
            _, ax = plt.subplots(figsize=figure_size(width, 0.42))
        x = np.arange(len(view.points))
        for token, norms in zip(view.tokens, view.norms.T, strict=True):
            ax.plot(x, norms, color=t.head_color(1), linewidth=0.7, alpha=0.5, label=token)
        ax.plot(
            x,
            view.norms.mean(axis=1),
            color=t.foreground,
            linewidth=2.2,
            marker="o",
            label="mean over tokens",
        )
        ax.set_xticks(x, view.points, rotation=30, ha="right", rotation_mode="anchor")
        ax.set_ylabel("‖x‖₂")
        ax.set_ylim(bottom=0)
        ax.set_title(view.title)
        handles, labels = ax.get_legend_handles_labels()
        ax.legend([handles[0], handles[-1]], ["one token", labels[-1]], loc="best")
    return ax
