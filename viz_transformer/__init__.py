"""viz-transformer: a compact, fully hooked Transformer and the pictures that explain it."""

from .errors import VizTransformerError
from .hooks import ActivationCache, HookPoint
from .model import Transformer, TransformerConfig
from .pretrained import available_models, load_pretrained

__all__ = [
    "ActivationCache",
    "HookPoint",
    "Transformer",
    "TransformerConfig",
    "VizTransformerError",
    "available_models",
    "load_pretrained",
]
