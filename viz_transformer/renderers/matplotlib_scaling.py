"""Why 1/√d_k, in matplotlib: softmax statistics against d_k, and one query's weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..style import get_theme, theme_context
from ..style.sizes import Width
from ..style.theme import Theme, ThemeLike
from ..views.scaling import STATISTICS, VARIANTS, ScalingCurves, SoftmaxExamples
from .matplotlib_panels import draw_panels, panel_axes

LINE_STYLES = ("--", "-")  # without scaling dashed, with scaling solid


def draw_scaling_curves(
    view: ScalingCurves,
    axes: Sequence[Axes] | None = None,
    *,
    overlay: ScalingCurves | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """One panel per statistic (score std, max weight, entropy, gradient norm) against d_k on
    a log₂ axis, without (dashed) and with (solid) scaling; returns the axes.

    ``overlay`` (e.g. ``real_scaling`` of a trained head) is drawn as large markers.
    The entropy panel marks log n, the entropy of uniform attention.

    >>> vt.plot.scaling_curves(vt.views.scaling_curves())
    """
    t = get_theme(theme)
    axes = panel_axes(
        axes, len(STATISTICS), theme=theme, width=width, aspect=0.62, title=view.title, rows=2
    )
    with theme_context(t):
        for ax, (field, name) in zip(axes, STATISTICS.items(), strict=True):
            plot_statistic(ax, view, field, t, marker=".", linestyles=LINE_STYLES)
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
    ax: Axes, view: ScalingCurves, field: str, theme: Theme, marker: str, linestyles: Sequence[str]
) -> None:
    """Both variants of one statistic of ``view`` against d_k, labelled with their source."""
    for row, (variant, style) in enumerate(zip(VARIANTS, linestyles, strict=True)):
        ax.plot(
            view.d_k,
            getattr(view, field)[row],
            linestyle=style,
            marker=marker,
            markeredgecolor=theme.foreground if marker == "D" else None,
            color=theme.head_color(row),
            label=f"{view.source}: {variant.split(':')[0]}",
        )


def draw_softmax_examples(
    view: SoftmaxExamples,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
) -> np.ndarray:
    """Two weight heatmaps (rows d_k, columns keys), without and with scaling; returns the axes.

    >>> vt.plot.softmax_examples(vt.views.softmax_examples())
    """
    return draw_panels(
        view.panels,
        axes,
        title=view.title,
        xlabel="key",
        ylabel="dₖ",
        theme=theme,
        width=width,
        aspect=0.36,
    )
