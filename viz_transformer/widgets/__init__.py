"""The explorers the notebooks use: ipywidgets controls wired to a view and a renderer."""

from .attention_explorer import AttentionExplorer
from .explorer import Explorer
from .generation_stepper import GenerationStepper
from .head_ablation import HeadAblation
from .training_scrubber import TrainingScrubber

__all__ = ["AttentionExplorer", "Explorer", "GenerationStepper", "HeadAblation", "TrainingScrubber"]
