"""Bad inputs to the Python API: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``)."""

from __future__ import annotations

from viz_transformer import TransformerConfig

from .case import BadInput

CASES: list[BadInput] = [
    BadInput(
        "d_model not divisible by n_heads",
        lambda _: TransformerConfig(src_vocab=10, d_model=10, n_heads=3),
        says="divisible",
    ),
]
