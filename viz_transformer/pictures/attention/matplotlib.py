"""One attention matrix (a head, or heads combined) as a matplotlib heatmap on a writer's
``ax``, on the shared heatmap primitive's fixed 0–1 scale."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import Colormap

from ..common.heatmap_matplotlib import plot_heatmap
from ..common.sizes import Width
from ..common.theme import ThemeLike
from .view import HeadAttention


def plot_head_attention(
    view: HeadAttention,
    ax: Axes | None = None,
    *,
    cmap: str | Colormap | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    cbar: bool = True,
    cbar_ax: Axes | None = None,
    theme: ThemeLike = "light",
    width: Width = "one-column",
    **kwargs: Any,
) -> Axes:
    """Draw one head's attention weights as a heatmap (rows queries, columns keys, 0–1 scale).

    ``ax``: the axes to draw on; None: the current axes if a figure is open and that axes is
    still empty, else a new themed figure (``width``). ``cmap``/``vmin``/``vmax`` replace the
    fixed 0–1 viridis scale (the colour bar follows); ``cbar=False`` draws no colour bar,
    ``cbar_ax`` puts it in that axes. ``**kwargs`` go to ``Axes.imshow`` (e.g.
    ``interpolation="bilinear"``, ``alpha=0.8``). Returns the axes; the image is
    ``ax.images[0]``.

    >>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
    >>> fig, (ax, cax) = plt.subplots(1, 2, width_ratios=[20, 1])
    >>> vt.plot.head_attention(view, ax=ax, cbar_ax=cax)
    """
    return plot_heatmap(view.weights, ax, x_labels=view.key_tokens, y_labels=view.query_tokens,
                        cmap=cmap, vmin=vmin, vmax=vmax, title=view.title, xlabel="key",
                        ylabel="query", cbar=cbar, cbar_ax=cbar_ax, theme=theme, width=width,
                        **kwargs)  # fmt: skip
