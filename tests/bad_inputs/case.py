"""One row of the bad-input table, and the way a command-line row is run."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from viz_transformer import VizTransformerError


class CommandRefused(VizTransformerError):
    """Raised by ``command`` when ``python -m viz_transformer`` exits with status 2: its stderr."""


@dataclass(frozen=True)
class BadInput:
    """``act(tmp_path)`` must raise ``error`` whose message matches the regex ``says``;
    ``untouched(tmp_path)`` (when given) then asserts nothing was written where it should not be."""

    name: str
    act: Callable[[Path], object]
    says: str
    error: type[BaseException] = VizTransformerError
    untouched: Callable[[Path], None] | None = field(default=None)


def command(*argv: str) -> None:
    """Run ``python -m viz_transformer *argv`` in-process; a refusal (status 2) raises
    ``CommandRefused`` with what the command printed, any other status fails the row."""
    from viz_transformer.__main__ import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(list(argv))
    if status == 2:
        raise CommandRefused(err.getvalue())
    raise AssertionError(f"{' '.join(argv)} exited {status}, expected a refusal (2)")
