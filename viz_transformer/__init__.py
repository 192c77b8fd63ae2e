"""viz-transformer: a compact, fully hooked Transformer and the pictures that explain it.

>>> import viz_transformer as vt
>>> model, tokenizer = vt.load_pretrained("reverse")
>>> vt.generate_text(model, tokenizer, "attention2017")
'7102noitnetta'

The public API is flat, four namespaces and a few names:

``vt.views``
    pure functions: a run's cache (or model tensors) → a small dataclass of numpy data.
``vt.plot``
    matplotlib: ``vt.plot.<picture>(view, ax=None, ...)`` draws a view on ``ax``.
``vt.figures``
    plotly: ``vt.figures.<picture>(view, ...)`` → ``go.Figure``.
``vt.explorers``
    ipywidgets explorers (``vt.explorers.AttentionExplorer(run)``).

>>> run = vt.run_text(model, tokenizer, "attention")
>>> vt.plot.head_attention(vt.views.head_attention(run.cache, "cross", layer=0, head=0))

``plot``, ``figures``, ``explorers`` and the theme/export helpers load matplotlib, plotly and
ipywidgets on first use, so ``import viz_transformer`` stays as fast as importing torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import views
from .errors import VizTransformerError, VizTransformerWarning
from .hooks import ActivationCache, HookPoint
from .interventions import ablated
from .model import Transformer, TransformerConfig
from .model.attention import MultiHeadAttention
from .model.masks import causal_mask, combine_masks, padding_mask
from .model.positional import sinusoidal_table
from .pretrained import available_models, load_pretrained, load_pretrained_checkpoint
from .text_run import TextRun, generate_text, run_text
from .tokenizers import CharTokenizer, WordTokenizer

if TYPE_CHECKING:  # for editors and type checkers; at run time these load on first use
    from . import explorers, figures, plot
    from .__main__ import main as command
    from .export import save_figure, save_html
    from .style import (
        ONE_COLUMN_INCHES,
        TWO_COLUMN_INCHES,
        figure_size,
        theme_context,
    )
    from .tasks import get_task
    from .training import accuracy

# name → (module, attribute or None for the module itself); imported on first access
_LAZY: dict[str, tuple[str, str | None]] = {
    "plot": (".plot", None),
    "figures": (".figures", None),
    "explorers": (".explorers", None),
    "theme_context": (".style", "theme_context"),
    "figure_size": (".style", "figure_size"),
    "ONE_COLUMN_INCHES": (".style", "ONE_COLUMN_INCHES"),
    "TWO_COLUMN_INCHES": (".style", "TWO_COLUMN_INCHES"),
    "save_figure": (".export", "save_figure"),
    "save_html": (".export", "save_html"),
    "get_task": (".tasks", "get_task"),
    "accuracy": (".training", "accuracy"),
    "command": (".__main__", "main"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'viz_transformer' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name, __name__)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ONE_COLUMN_INCHES",
    "TWO_COLUMN_INCHES",
    "ActivationCache",
    "CharTokenizer",
    "HookPoint",
    "MultiHeadAttention",
    "TextRun",
    "Transformer",
    "TransformerConfig",
    "VizTransformerError",
    "VizTransformerWarning",
    "WordTokenizer",
    "ablated",
    "accuracy",
    "available_models",
    "causal_mask",
    "combine_masks",
    "command",
    "explorers",
    "figure_size",
    "figures",
    "generate_text",
    "get_task",
    "load_pretrained",
    "load_pretrained_checkpoint",
    "padding_mask",
    "plot",
    "run_text",
    "save_figure",
    "save_html",
    "sinusoidal_table",
    "theme_context",
    "views",
]
