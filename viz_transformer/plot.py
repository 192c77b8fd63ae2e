"""``vt.plot``: matplotlib drawing, one verb style: ``vt.plot.<picture>(view, ax=None, ..., **kwargs)``.

Each function draws a view from ``vt.views`` of the same name (``vt.figures`` has its plotly
twin) and returns what it drew on. The seaborn habits:

- ``ax=`` (a picture of one axes: ``heatmap``, ``head_attention``, ``head_lines``,
  ``residual_norms``, ``architecture``): drawn on that axes. Without one, on the current axes
  (``plt.gca()``) when a figure is open and its current axes is still empty — so
  ``plt.figure(figsize=...)`` or ``plt.subplots()`` followed by a call draws there — else on
  a new themed figure sized for the picture. An axes already holding a picture is not drawn
  over: two calls in a row give two figures.
- ``axes=`` (a picture of several panels, like seaborn's figure-level functions): one axes
  per panel, returned as an array; without them, always a new themed figure.
- ``**kwargs`` go to the picture's main artist, named in each docstring (``Axes.imshow`` for
  heatmaps, ``Line2D`` for curves, ``LineCollection`` for token lines, ``Rectangle`` for
  bars and boxes); ``cmap``/``vmin``/``vmax`` are an explicit choice over the fixed scale,
  and the colour bar follows them.
- ``cbar=True|False`` and ``cbar_ax=None`` wherever a colour bar is drawn: ``cbar_ax`` gets
  the colour bar (a sequence of axes when a picture draws several). The −∞ (masked) legend
  is always drawn.

>>> import viz_transformer as vt
>>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
>>> fig, (ax, cax) = plt.subplots(1, 2, width_ratios=[20, 1])
>>> vt.plot.head_attention(view, ax=ax, cbar_ax=cax, interpolation="bilinear")
"""

from .pictures.architecture.matplotlib import plot_architecture as architecture
from .pictures.attention.matplotlib import plot_head_attention as head_attention
from .pictures.batch_norm.matplotlib import plot_norm_comparison as norm_comparison
from .pictures.common.heatmap_matplotlib import label_axes
from .pictures.common.heatmap_matplotlib import plot_heatmap as heatmap
from .pictures.common.language import labelled_in_current_language
from .pictures.common.panels_matplotlib import plot_panels as panels
from .pictures.grid.matplotlib import plot_attention_grid as attention_grid
from .pictures.layer_norm.matplotlib import (
    plot_layer_norm_parameters as layer_norm_parameters,
)
from .pictures.layer_norm.matplotlib import (
    plot_layer_norm_statistics as layer_norm_statistics,
)
from .pictures.lines.matplotlib import plot_head_lines as head_lines
from .pictures.masks.matplotlib import plot_mask_pipeline as mask_pipeline
from .pictures.neuron.matplotlib import plot_neuron as neuron
from .pictures.permutation.matplotlib import plot_permutation_demo as permutation_demo
from .pictures.positional.matplotlib import plot_encoding_tables as encoding_tables
from .pictures.positional.matplotlib import plot_positional_waves as positional_waves
from .pictures.residual.matplotlib import plot_residual_norms as residual_norms
from .pictures.rollout.matplotlib import plot_attention_rollout as attention_rollout
from .pictures.scaling.matplotlib import plot_scaling_curves as scaling_curves
from .pictures.scaling.matplotlib import plot_softmax_examples as softmax_examples

__all__ = [
    "architecture",
    "attention_grid",
    "attention_rollout",
    "encoding_tables",
    "head_attention",
    "head_lines",
    "heatmap",
    "label_axes",
    "layer_norm_parameters",
    "layer_norm_statistics",
    "mask_pipeline",
    "neuron",
    "norm_comparison",
    "panels",
    "permutation_demo",
    "positional_waves",
    "residual_norms",
    "scaling_curves",
    "softmax_examples",
]

# every picture labelled in the current language (vt.set_language, the edition), like the
# explorers' pictures
globals().update({name: labelled_in_current_language(globals()[name]) for name in __all__})
