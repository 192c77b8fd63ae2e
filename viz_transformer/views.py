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

from .pictures.architecture.view import architecture_map
from .pictures.attention.view import head_attention
from .pictures.batch_norm.view import batch_norm, norm_comparison
from .pictures.block_tensor.view import block_tensor
from .pictures.common.panel import Panel
from .pictures.detectors.view import head_detectors, pattern_score, pattern_targets
from .pictures.entropy.view import head_entropy
from .pictures.generation.view import generation_step
from .pictures.grid.view import attention_grid
from .pictures.history.view import training_frame
from .pictures.layer_norm.view import layer_norm_parameters, layer_norm_statistics
from .pictures.lines.view import head_lines, token_lines
from .pictures.long.view import long_attention
from .pictures.masks.view import mask_pipeline
from .pictures.neuron.view import neuron
from .pictures.permutation.view import linear_layer_demo, model_permutation_demo, permutation_demo
from .pictures.positional.view import (
    encoding_table,
    model_positional_table,
    sinusoidal_encoding_table,
    sinusoidal_waves,
)
from .pictures.residual.view import residual_norms
from .pictures.rollout.view import attention_rollout
from .pictures.scaling.view import real_scaling, scaling_curves, softmax_examples
from .pictures.scaling_choice.view import scaling_choice

__all__ = [
    "Panel",
    "architecture_map",
    "attention_grid",
    "attention_rollout",
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
    "neuron",
    "norm_comparison",
    "pattern_score",
    "pattern_targets",
    "permutation_demo",
    "real_scaling",
    "residual_norms",
    "scaling_choice",
    "scaling_curves",
    "sinusoidal_encoding_table",
    "sinusoidal_waves",
    "softmax_examples",
    "token_lines",
    "training_frame",
]
