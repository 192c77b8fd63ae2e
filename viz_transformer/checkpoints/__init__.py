"""Checkpoints: the trained models shipped in this folder, and saving and loading them.

``<task>.safetensors`` + ``<task>.json`` here are package data, so the trained models work
offline from the first start (``viz_transformer.load_pretrained``).
"""

from .checkpoint import Checkpoint, Snapshot
from .load import load_checkpoint
from .save import save_checkpoint

__all__ = ["Checkpoint", "Snapshot", "load_checkpoint", "save_checkpoint"]
