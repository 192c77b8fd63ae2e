"""``vt.figures``: plotly figures, one verb style: ``vt.figures.<picture>(view, *, ..., theme=) -> go.Figure``.

Each function builds an interactive figure (hover names the tokens) from a view of
``vt.views``, under the same name as its matplotlib twin in ``vt.plot`` where there is one;
the options after the view's data are keywords. A plotly figure is its own canvas: there are
no ``ax`` or ``**kwargs`` here — change the returned figure with ``update_layout`` /
``update_traces``.

>>> import viz_transformer as vt
>>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
>>> vt.figures.head_attention(view).update_layout(width=500).show()
"""

from .pictures.ablation.plotly import ablation_scores_figure as ablation_scores
from .pictures.architecture.plotly import architecture_figure as architecture
from .pictures.attention.plotly import head_attention_figure as head_attention
from .pictures.batch_norm.plotly import norm_comparison_figure as norm_comparison
from .pictures.block_tensor.plotly import block_tensor_figure as block_tensor
from .pictures.common.language import labelled_in_current_language
from .pictures.common.panels_plotly import panels_figure as panels
from .pictures.common.style import heatmap_figure as heatmap
from .pictures.generation.plotly import generation_step_figure as generation_step
from .pictures.grid.plotly import attention_grid_figure as attention_grid
from .pictures.history.plotly import training_frame_figure as training_frame
from .pictures.layer_norm.plotly import layer_norm_parameters_figure as layer_norm_parameters
from .pictures.layer_norm.plotly import layer_norm_statistics_figure as layer_norm_statistics
from .pictures.lines.plotly import explorable_lines_figure as explorable_lines
from .pictures.lines.plotly import head_lines_figure as head_lines
from .pictures.long.plotly import long_attention_figure as long_attention
from .pictures.masks.plotly import mask_pipeline_figure as mask_pipeline
from .pictures.neuron.plotly import neuron_figure as neuron
from .pictures.permutation.plotly import permutation_demo_figure as permutation_demo
from .pictures.positional.plotly import encoding_tables_figure as encoding_tables
from .pictures.positional.plotly import positional_waves_figure as positional_waves
from .pictures.residual.plotly import residual_norms_figure as residual_norms
from .pictures.rollout.plotly import attention_rollout_figure as attention_rollout
from .pictures.scaling.plotly import scaling_curves_figure as scaling_curves
from .pictures.scaling.plotly import softmax_examples_figure as softmax_examples
from .pictures.scaling_choice.plotly import scaling_choice_figure as scaling_choice

__all__ = [
    "ablation_scores",
    "architecture",
    "attention_grid",
    "attention_rollout",
    "block_tensor",
    "encoding_tables",
    "explorable_lines",
    "generation_step",
    "head_attention",
    "head_lines",
    "heatmap",
    "layer_norm_parameters",
    "layer_norm_statistics",
    "long_attention",
    "mask_pipeline",
    "neuron",
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

# every picture labelled in the current language (vt.set_language, the edition), like the
# explorers' pictures
globals().update({name: labelled_in_current_language(globals()[name]) for name in __all__})
