"""Bad inputs to the cli: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``)."""

from __future__ import annotations

from .case import BadInput

CASES: list[BadInput] = []
