"""The explorers the notebooks use: ipywidgets controls wired to a view and a renderer."""

from .architecture_explorer import ArchitectureExplorer
from .attention_explorer import AttentionExplorer
from .explorer import Explorer
from .generation_stepper import GenerationStepper
from .head_ablation import HeadAblation
from .layer_norm_explorer import LayerNormExplorer
from .mask_explorer import MaskExplorer
from .positional_explorer import PositionalEncodingExplorer
from .scaling_explorer import ScalingExplorer
from .training_scrubber import TrainingScrubber

__all__ = [
    "ArchitectureExplorer",
    "AttentionExplorer",
    "Explorer",
    "GenerationStepper",
    "HeadAblation",
    "LayerNormExplorer",
    "MaskExplorer",
    "PositionalEncodingExplorer",
    "ScalingExplorer",
    "TrainingScrubber",
]
