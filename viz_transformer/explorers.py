"""``vt.explorers``: the interactive explorers (ipywidgets controls wired to a view and a figure).

>>> import viz_transformer as vt
>>> vt.explorers.AttentionExplorer("reverse", text="attention2017")
"""

from .pictures.ablation.explorer import HeadAblation
from .pictures.architecture.explorer import ArchitectureExplorer
from .pictures.attention.explorer import AttentionExplorer
from .pictures.common.explorer import Explorer
from .pictures.generation.explorer import GenerationStepper
from .pictures.grid.explorer import LinkedAttentionExplorer
from .pictures.history.explorer import TrainingScrubber
from .pictures.layer_norm.explorer import LayerNormExplorer
from .pictures.lines.explorer import LinesExplorer
from .pictures.masks.explorer import MaskExplorer
from .pictures.neuron.explorer import NeuronExplorer
from .pictures.positional.explorer import PositionalEncodingExplorer
from .pictures.rollout.explorer import RolloutExplorer
from .pictures.scaling.explorer import ScalingExplorer

__all__ = [
    "ArchitectureExplorer",
    "AttentionExplorer",
    "Explorer",
    "GenerationStepper",
    "HeadAblation",
    "LayerNormExplorer",
    "LinesExplorer",
    "LinkedAttentionExplorer",
    "MaskExplorer",
    "NeuronExplorer",
    "PositionalEncodingExplorer",
    "RolloutExplorer",
    "ScalingExplorer",
    "TrainingScrubber",
]
