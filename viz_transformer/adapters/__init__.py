"""Adapters: read attention out of models that are not ours, in the form the views take."""

from .torch_modules import group_by_part, record_attention

__all__ = ["group_by_part", "record_attention"]
