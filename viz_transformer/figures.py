"""``vt.figures``: plotly figures, one verb style: ``vt.figures.<picture>(view, ...) -> go.Figure``.

Each function builds an interactive figure (hover names the tokens) from a view of
``vt.views`` with the same name as its matplotlib twin in ``vt.plot``.

>>> import viz_transformer as vt
>>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
>>> vt.figures.head_attention(view).show()
"""

from .renderers.head_attention import head_attention_figure as head_attention
from .renderers.plotly_architecture import architecture_figure as architecture
from .renderers.plotly_attention_grid import attention_grid_figure as attention_grid
from .renderers.plotly_batch_norm import norm_comparison_figure as norm_comparison
from .renderers.plotly_block_tensor import block_tensor_figure as block_tensor
from .renderers.plotly_generation import generation_step_figure as generation_step
from .renderers.plotly_head_lines import head_lines_figure as head_lines
from .renderers.plotly_layer_norm import layer_norm_parameters_figure as layer_norm_parameters
from .renderers.plotly_layer_norm import layer_norm_statistics_figure as layer_norm_statistics
from .renderers.plotly_long_attention import long_attention_figure as long_attention
from .renderers.plotly_masks import mask_pipeline_figure as mask_pipeline
from .renderers.plotly_panels import panels_figure as panels
from .renderers.plotly_permutation import permutation_demo_figure as permutation_demo
from .renderers.plotly_positional import encoding_tables_figure as encoding_tables
from .renderers.plotly_positional import positional_waves_figure as positional_waves
from .renderers.plotly_residual import residual_norms_figure as residual_norms
from .renderers.plotly_scaling import scaling_curves_figure as scaling_curves
from .renderers.plotly_scaling import softmax_examples_figure as softmax_examples
from .renderers.plotly_scaling_choice import scaling_choice_figure as scaling_choice
from .renderers.plotly_training import training_frame_figure as training_frame
from .style import heatmap_figure as heatmap

__all__ = [
    "architecture",
    "attention_grid",
    "block_tensor",
    "encoding_tables",
    "generation_step",
    "head_attention",
    "head_lines",
    "heatmap",
    "layer_norm_parameters",
    "layer_norm_statistics",
    "long_attention",
    "mask_pipeline",
    "norm_comparison",
    "panels",
    "permutation_demo",
    "positional_waves",
    "residual_norms",
    "scaling_choice",
    "scaling_curves",
    "softmax_examples",
    "training_frame",
]
