"""Adapters: read attention out of models that are not ours, in the form the views take.

One file per library (``hugging_face``, ``transformer_lens``, ``torch_modules``) turns a
model of that library into a ``TextRun`` whose cache holds our hook names; ``dispatch`` tells
which library a user's model comes from. ``subwords`` labels subword pieces as people read
them.
"""

from .dispatch import ForeignModel, foreign_model
from .torch_modules import ModuleInput, group_by_part, module_run, record_attention

__all__ = [
    "ForeignModel",
    "ModuleInput",
    "foreign_model",
    "group_by_part",
    "module_run",
    "record_attention",
]
