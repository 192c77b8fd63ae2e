"""``vt.plot``: matplotlib drawing, one verb style: ``vt.plot.<picture>(view, ax=None, ...)``.

Each function draws a view from ``vt.views`` of the same name on the axes it is given (``ax=``
for one panel, ``axes=`` for pictures of several panels, the seaborn habit) or on a new themed
figure when none is given, and returns what it drew on.

>>> import viz_transformer as vt
>>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
>>> ax = vt.plot.head_attention(view)
"""

from .renderers.head_attention import plot_head_attention as head_attention
from .renderers.matplotlib_architecture import plot_architecture as architecture
from .renderers.matplotlib_attention_grid import plot_attention_grid as attention_grid
from .renderers.matplotlib_batch_norm import draw_norm_comparison as norm_comparison
from .renderers.matplotlib_head_lines import plot_head_lines as head_lines
from .renderers.matplotlib_layer_norm import (
    draw_layer_norm_parameters as layer_norm_parameters,
)
from .renderers.matplotlib_layer_norm import (
    draw_layer_norm_statistics as layer_norm_statistics,
)
from .renderers.matplotlib_masks import draw_mask_pipeline as mask_pipeline
from .renderers.matplotlib_panels import draw_panels as panels
from .renderers.matplotlib_permutation import draw_permutation_demo as permutation_demo
from .renderers.matplotlib_positional import draw_encoding_tables as encoding_tables
from .renderers.matplotlib_positional import draw_positional_waves as positional_waves
from .renderers.matplotlib_residual import draw_residual_norms as residual_norms
from .renderers.matplotlib_scaling import draw_scaling_curves as scaling_curves
from .renderers.matplotlib_scaling import draw_softmax_examples as softmax_examples
from .style import heatmap, label_axes

__all__ = [
    "architecture",
    "attention_grid",
    "encoding_tables",
    "head_attention",
    "head_lines",
    "heatmap",
    "label_axes",
    "layer_norm_parameters",
    "layer_norm_statistics",
    "mask_pipeline",
    "norm_comparison",
    "panels",
    "permutation_demo",
    "positional_waves",
    "residual_norms",
    "scaling_curves",
    "softmax_examples",
]
