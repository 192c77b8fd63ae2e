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

``vt.set_language("zh")`` labels every explorer and exported figure in Chinese from then on
(``vt.current_language()`` says which language is in use; see ``set_language``).

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
from .model import (
    MultiHeadAttention,
    Transformer,
    TransformerConfig,
    causal_mask,
    combine_masks,
    padding_mask,
    sinusoidal_table,
)
from .pretrained import available_models, load_pretrained, load_pretrained_checkpoint
from .runs.text_run import TextRun, generate_text, run_text
from .tokenizers import CharTokenizer, WordTokenizer

if TYPE_CHECKING:  # for editors and type checkers; at run time these load on first use
    from . import explorers, figures, plot
    from .__main__ import main as command
    from .pictures.common.language import current_language, set_language
    from .pictures.common.show_matplotlib import show
    from .pictures.common.style import (
        ONE_COLUMN_INCHES,
        TWO_COLUMN_INCHES,
        figure_size,
        save_figure,
        save_html,
        theme_context,
    )
    from .tasks import get_task
    from .training import accuracy, make_batch, train
    from .training.schedule import warmup_then_decay

# name → (module, attribute or None for the module itself); imported on first access
_LAZY: dict[str, tuple[str, str | None]] = {
    "plot": (".plot", None),
    "figures": (".figures", None),
    "explorers": (".explorers", None),
    "theme_context": (".pictures.common.style", "theme_context"),
    "figure_size": (".pictures.common.style", "figure_size"),
    "ONE_COLUMN_INCHES": (".pictures.common.style", "ONE_COLUMN_INCHES"),
    "TWO_COLUMN_INCHES": (".pictures.common.style", "TWO_COLUMN_INCHES"),
    "save_figure": (".pictures.common.style", "save_figure"),
    "save_html": (".pictures.common.style", "save_html"),
    "get_task": (".tasks", "get_task"),
    "accuracy": (".training", "accuracy"),
    "train": (".training", "train"),
    "make_batch": (".training", "make_batch"),
    "warmup_then_decay": (".training.schedule", "warmup_then_decay"),
    "command": (".__main__", "main"),
    "set_language": (".pictures.common.language", "set_language"),
    "current_language": (".pictures.common.language", "current_language"),
    "show": (".pictures.common.show_matplotlib", "show"),
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
    "current_language",
    "explorers",
    "figure_size",
    "figures",
    "generate_text",
    "get_task",
    "load_pretrained",
    "load_pretrained_checkpoint",
    "make_batch",
    "padding_mask",
    "plot",
    "run_text",
    "save_figure",
    "save_html",
    "set_language",
    "show",
    "sinusoidal_table",
    "theme_context",
    "train",
    "views",
    "warmup_then_decay",
]
