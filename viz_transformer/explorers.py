"""``vt.explorers``: the interactive explorers (ipywidgets controls wired to a view and a figure).

>>> import viz_transformer as vt
>>> vt.explorers.AttentionExplorer(run)
"""

from .widgets import (
    ArchitectureExplorer,
    AttentionExplorer,
    Explorer,
    GenerationStepper,
    HeadAblation,
    LayerNormExplorer,
    MaskExplorer,
    PositionalEncodingExplorer,
    ScalingExplorer,
    TrainingScrubber,
)

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
