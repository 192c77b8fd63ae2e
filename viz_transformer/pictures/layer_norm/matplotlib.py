"""LayerNorm in matplotlib: each token's statistics before and after each norm, γ and β."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..common.heatmap_matplotlib import artist_kwargs
from ..common.panels_matplotlib import panel_axes
from ..common.sizes import Width
from ..common.style import get_theme, theme_context
from ..common.theme import ThemeLike
from .view import LayerNormParameters, LayerNormStatistics

OFFSET = 0.18  # before left of the norm's tick, after right of it


def plot_layer_norm_statistics(
    view: LayerNormStatistics,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw each token's mean and variance before and after every LayerNorm: two panels, mean
    and variance (log scale), at each LayerNorm one dot per token before (left) and after
    (right), so the spread collapsing to one value shows; returns the axes.

    ``axes``: two axes (None: a new themed figure). ``**kwargs`` go to the dots' ``Line2D``
    (e.g. ``markersize=5``, ``alpha=0.4``).

    >>> view = vt.views.layer_norm_statistics(run.cache, "encoder")
    >>> mean_ax, var_ax = vt.plot.layer_norm_statistics(view, markersize=5)
    """
    t = get_theme(theme)
    axes = panel_axes(axes, 2, theme=t, width=width, aspect=0.36, title=view.title)
    x = np.arange(len(view.norms))
    with theme_context(t):
        for ax, (name, before, after) in zip(
            axes,
            (("mean μ", view.mean_in, view.mean_out), ("variance σ²", view.var_in, view.var_out)),
            strict=True,
        ):
            for side, (label, values) in enumerate(
                (("before (hook_in)", before), ("after (hook_out)", after))
            ):
                positions = np.repeat(x + (2 * side - 1) * OFFSET, values.shape[1])
                dots = {
                    "linestyle": "none",
                    "marker": "o",
                    "markersize": 3,
                    "alpha": 0.7,
                    "color": t.head_color(side),
                    "label": label,
                }
                ax.plot(positions, values.ravel(), **artist_kwargs(dots, kwargs, Line2D))
            ax.set_xticks(x, view.short_names, rotation=45 if len(x) > 6 else 0)
            ax.set_xlabel("LayerNorm (layer.name)")
            ax.set_title(f"{name} of each of {len(view.tokens)} tokens")
        axes[1].set_yscale("log")
        plain = FuncFormatter(lambda value, _: f"{value:g}")  # 2, 3, 4 rather than 2×10⁰
        axes[1].yaxis.set_major_formatter(plain)
        variances = np.concatenate([view.var_in.ravel(), view.var_out.ravel()])
        within_a_decade = variances.max() < 10 * variances.min()  # else minor labels collide
        axes[1].yaxis.set_minor_formatter(plain if within_a_decade else NullFormatter())
        axes[0].axhline(0, color=t.foreground, linewidth=0.5)
        handles, labels = axes[0].get_legend_handles_labels()
        axes[0].figure.legend(handles, labels, loc="outside lower center", ncols=2)
    return axes


def plot_layer_norm_parameters(
    view: LayerNormParameters,
    axes: Sequence[Axes] | None = None,
    *,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw a LayerNorm's γ and β per feature as bars, their identity values 1 and 0 dotted;
    returns the axes.

    ``axes``: two axes (None: a new themed figure). ``**kwargs`` go to ``Axes.bar`` (the
    bars' ``Rectangle`` patches, e.g. ``color="C2"``, ``alpha=0.6``, ``width=0.5``).

    >>> view = vt.views.layer_norm_parameters(model, "encoder", 1, "ln2")
    >>> gamma_ax, beta_ax = vt.plot.layer_norm_parameters(view, color="C2")
    """
    t = get_theme(theme)
    axes = panel_axes(axes, 2, theme=t, width=width, aspect=0.3, title=view.title)
    features = np.arange(view.gamma.shape[0])
    with theme_context(t):
        for ax, (name, values, identity) in zip(
            axes, (("γ (scale)", view.gamma, 1.0), ("β (shift)", view.beta, 0.0)), strict=True
        ):
            bars = {"width": 0.8, "color": t.head_color(4)}
            ax.bar(features, values, **artist_kwargs(bars, kwargs, Rectangle))
            ax.axhline(identity, color=t.foreground, linewidth=0.6, linestyle=":")
            ax.set_xlabel("feature")
            ax.set_title(f"{name}; dotted: {identity:g}, no change")
    return axes
