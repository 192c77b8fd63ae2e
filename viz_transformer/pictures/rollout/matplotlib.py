"""Attention rollout in matplotlib: rollout through the layers beside the last one's own
attention, both on the fixed 0–1 weight scale with one shared colour bar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from ..common.panels_matplotlib import plot_panels
from ..common.sizes import Width
from ..common.theme import ThemeLike
from .view import AttentionRollout


def plot_attention_rollout(
    view: AttentionRollout,
    axes: Sequence[Axes] | None = None,
    *,
    cbar: bool = True,
    cbar_ax: Axes | None = None,
    theme: ThemeLike = "light",
    width: Width = "two-column",
    **kwargs: Any,
) -> np.ndarray:
    """Draw attention rollout: two heatmaps (rows queries, columns keys), rollout through
    layers 0 … l and layer l's own attention averaged over heads; returns the axes.

    Rollout tracks how much of each input token can reach each position if attention were the
    only mixing; it ignores values, feed-forward layers, LayerNorm and signs (``CAVEAT`` in
    ``rollout.view``), so it is no explanation of the output.

    ``axes``: two axes (None: a new themed figure). Both panels share the fixed 0–1 colour bar;
    ``cbar=False`` draws none, ``cbar_ax`` puts it in that axes. ``**kwargs`` go to
    ``Axes.imshow`` of both panels.

    >>> view = vt.views.attention_rollout(run.cache, "encoder")
    >>> axes = vt.plot.attention_rollout(view, interpolation="nearest")
    """
    return plot_panels(
        view.panels,
        axes,
        title=view.title,
        xlabel="key",
        ylabel="query",
        theme=theme,
        width=width,
        aspect=0.48,
        cbar=cbar,
        cbar_ax=cbar_ax,
        **kwargs,
    )
