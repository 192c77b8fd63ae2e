"""The one place a picture runs a model: a text to ids, the model's output, its cache and the token
labels of every attention part (``text_run``), and which model that is (``models``)."""

from .models import (
    ModelChoice,
    check_pair,
    resolve,
    shipped_checkpoint,
    shipped_model,
    shipped_names,
)
from .text_run import TextRun, generate_text, run_text

__all__ = [
    "ModelChoice",
    "TextRun",
    "check_pair",
    "generate_text",
    "resolve",
    "run_text",
    "shipped_checkpoint",
    "shipped_model",
    "shipped_names",
]
