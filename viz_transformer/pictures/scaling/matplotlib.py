"""Why 1/√d_k, in matplotlib: softmax statistics against d_k, and one query's weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..common.heatmap_matplotlib import artist_kwargs
from ..common.panels_matplotlib import panel_axes, plot_panels
from ..common.sizes import Width
from ..common.style import get_theme, theme_context
from ..common.theme import Theme, ThemeLike
from .view import STATISTICS, VARIANTS, ScalingCurves, SoftmaxExamples

LINE_STYLES = ("--", "-")  # without scaling dashed, with scaling solid


def plot_scaling_curves(
    view: ScalingCurves,
    axes: Sequence[Axes] | None = None,
    *,
    overlay: ScalingCurves | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw why 1/√d_k: a panel per statistic (score std, max weight, entropy, gradient norm)
    against d_k on a log₂ axis, without (dashed) and with (solid) scaling; returns the axes.

    ``axes``: four axes (None: a new themed 2 × 2 figure). ``overlay`` (e.g. ``real_scaling``
    of a trained head) is drawn as large markers. The entropy panel marks log n, the entropy
    of uniform attention. ``**kwargs`` go to the ``Line2D`` of every curve of ``view`` (not
    the overlay's markers), e.g. ``linewidth=2``, ``markersize=6``.

    >>> axes = vt.plot.scaling_curves(vt.views.scaling_curves(), linewidth=2)
    """
    t = get_theme(theme)
    axes = panel_axes(
        axes, len(STATISTICS), theme=theme, width=width, aspect=0.62, title=view.title, rows=2
    )
    with theme_context(t):
        for ax, (field, name) in zip(axes, STATISTICS.items(), strict=True):
            plot_statistic(ax, view, field, t, marker=".", linestyles=LINE_STYLES, **kwargs)
            if overlay is not None:
                plot_statistic(ax, overlay, field, t, marker="D", linestyles=("none", "none"))
            if field == "entropy":
                ax.axhline(view.max_entropy, color=t.foreground, linewidth=0.6, linestyle=":")
                ax.text(view.d_k[-1], view.max_entropy, "uniform: log₂ n ", ha="right", va="bottom")
                ax.set_ylim(top=view.max_entropy * 1.2)
            ax.set_xscale("log", base=2)
            ax.set_xlabel("dₖ")
            ax.set_title(name)
            ax.set_ylim(bottom=0)
        handles, labels = axes[0].get_legend_handles_labels()
        axes[0].figure.legend(handles, labels, loc="outside lower center", ncols=2)
    return axes


def plot_statistic(
    ax: Axes,
    view: ScalingCurves,
    field: str,
    theme: Theme,
    marker: str,
    linestyles: Sequence[str],
    **kwargs: Any,
) -> None:
    """Both variants of one statistic of ``view`` against d_k, labelled with their source;
    ``kwargs`` over each line's style."""
    for row, (variant, style) in enumerate(zip(VARIANTS, linestyles, strict=True)):
        line = {
            "linestyle": style,
            "marker": marker,
            "markeredgecolor": theme.foreground if marker == "D" else None,
            "color": theme.head_color(row),
            "label": f"{view.source}: {variant.split(':')[0]}",
        }
        ax.plot(view.d_k, getattr(view, field)[row], **artist_kwargs(line, kwargs, Line2D))


def plot_softmax_examples(
    view: SoftmaxExamples,
    axes: Sequence[Axes] | None = None,
    *,
    cbar: bool = True,
    cbar_ax: Axes | Sequence[Axes] | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw one query's softmax weights at growing d_k: two weight heatmaps (rows d_k, columns
    keys), without and with scaling; returns the axes.

    ``axes``: two axes (None: a new themed figure). The panels share one 0–1 colour bar;
    ``cbar=False`` draws none, ``cbar_ax`` puts it in that axes. ``**kwargs`` go to
    ``Axes.imshow`` of both panels.

    >>> axes = vt.plot.softmax_examples(vt.views.softmax_examples(), cbar_ax=cax)
    """
    return plot_panels(
        view.panels,
        axes,
        title=view.title,
        xlabel="key",
        ylabel="dₖ",
        theme=theme,
        width=width,
        aspect=0.36,
        cbar=cbar,
        cbar_ax=cbar_ax,
        **kwargs,
    )
