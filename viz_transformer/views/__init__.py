"""Views: pure functions from a cache (or model tensors) and a selection to small dataclasses
of numpy arrays with labels and a title. A view never draws and never runs the model; the
drawing functions (``vt.plot``, matplotlib) and figure builders (``vt.figures``, plotly) turn
its data into pictures.

This package is the public ``vt.views`` namespace: every view a picture needs, by one name.

>>> import viz_transformer as vt
>>> model, tokenizer = vt.load_pretrained("reverse")
>>> run = vt.run_text(model, tokenizer, "attention")
>>> view = vt.views.head_attention(run.cache, "cross", layer=0, head=0)
>>> vt.plot.head_attention(view)
"""

from .architecture import architecture_map
from .attention_grid import attention_grid
from .batch_norm import batch_norm, norm_comparison
from .block_tensor import block_tensor
from .generation import generation_step
from .head_attention import head_attention
from .head_detectors import head_detectors, pattern_score, pattern_targets
from .head_entropy import head_entropy
from .head_lines import head_lines
from .layer_norm import layer_norm_parameters, layer_norm_statistics
from .long_attention import long_attention
from .masks import mask_pipeline
from .panel import Panel
from .permutation import linear_layer_demo, model_permutation_demo, permutation_demo
from .positional import encoding_table, model_positional_table, sinusoidal_waves
from .residual import residual_norms
from .scaling import real_scaling, scaling_curves, softmax_examples
from .scaling_choice import scaling_choice
from .training import training_frame

__all__ = [
    "Panel",
    "architecture_map",
    "attention_grid",
    "batch_norm",
    "block_tensor",
    "encoding_table",
    "generation_step",
    "head_attention",
    "head_detectors",
    "head_entropy",
    "head_lines",
    "layer_norm_parameters",
    "layer_norm_statistics",
    "linear_layer_demo",
    "long_attention",
    "mask_pipeline",
    "model_permutation_demo",
    "model_positional_table",
    "norm_comparison",
    "pattern_score",
    "pattern_targets",
    "permutation_demo",
    "real_scaling",
    "residual_norms",
    "scaling_choice",
    "scaling_curves",
    "sinusoidal_waves",
    "softmax_examples",
    "training_frame",
]
