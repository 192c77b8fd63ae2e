"""viz-transformer: a compact, fully hooked Transformer and the pictures that explain it.

>>> import viz_transformer as vt
>>> model, tokenizer = vt.load_pretrained("reverse")
>>> vt.generate_text(model, tokenizer, "attention2017")
'7102noitnetta'
"""

from .errors import VizTransformerError, VizTransformerWarning
from .hooks import ActivationCache, HookPoint
from .model import Transformer, TransformerConfig
from .pretrained import available_models, load_pretrained
from .text_run import TextRun, generate_text, run_text

__all__ = [
    "ActivationCache",
    "HookPoint",
    "TextRun",
    "Transformer",
    "TransformerConfig",
    "VizTransformerError",
    "VizTransformerWarning",
    "available_models",
    "generate_text",
    "load_pretrained",
    "run_text",
]
