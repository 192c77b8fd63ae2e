"""Where a command may write, checked before any work: the ``--out`` of ``export`` and ``train``.

A command that draws for a minute or trains for two must not find out at the end that its
destination is a file, a read-only folder or nothing at all. ``writable_folder`` answers
that in milliseconds by writing (and removing) a small probe file: ``os.access`` alone is
not enough, because for root it says yes to every folder, even where writing then fails
(a read-only mount, an immutable folder, ``/proc``).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import VizTransformerError

PROBE_PREFIX = ".viz-transformer-probe-"


def out_path(text: str | os.PathLike | None, option: str = "--out", what: str = "a folder") -> Path:
    """``--out`` as a path; an empty one is refused (``Path("")`` would silently mean ``.``)."""
    if text is None or not str(text).strip():
        raise VizTransformerError(
            f"{option} is empty: name {what} to write into (for the current folder, say "
            f"{option} . explicitly)."
        )
    return Path(os.path.expanduser(str(text)))


def nearest_existing(path: Path) -> Path:
    """``path`` itself if it exists (a link counts, even one leading nowhere), else its
    closest existing ancestor."""
    path = Path(os.path.abspath(path))
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def writable_folder(path: Path, option: str = "--out", asked: Path | None = None) -> Path:
    """Refuse ``path`` as a folder to write into unless it is, or can become, a writable folder:
    a file in the way or a folder where a probe file cannot be written is refused, naming it
    (and ``asked``, the path the user gave, when that is not ``path`` itself). Nothing is
    created; returns ``path``."""
    given = f"{option} {asked if asked is not None else path}"
    with plain_path_errors(option, asked if asked is not None else path):
        if os.path.lexists(path) and not path.is_dir():
            what = "a link that leads to no folder" if path.is_symlink() else "a file, not a folder"
            if asked is None:
                raise VizTransformerError(
                    f"{given} is {what}: give a folder to write into (it is "
                    "created if it does not exist)."
                )
            raise VizTransformerError(f"{given} cannot be written: {path} is {what}.")
        existing = nearest_existing(path)
        if not existing.is_dir():
            what = "a link that leads to no folder" if existing.is_symlink() else "a file"
            raise VizTransformerError(
                f"{given} cannot be written: {existing} is {what}. Give a folder to write into."
            )
    probe_write(existing, f"{given}: ")
    return path


def probe_write(
    folder: Path, prefix: str = "", advice: str = "choose a folder you can write into"
) -> None:
    """Write and remove a probe file in ``folder``; refuse with the reason when that fails."""
    if not os.access(folder, os.W_OK | os.X_OK):
        raise VizTransformerError(
            f"{prefix}cannot write into the folder {folder} (permission denied); {advice}."
        )
    try:
        handle, probe = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=folder)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise VizTransformerError(
            f"{prefix}cannot write into the folder {folder} ({reason}); {advice}."
        ) from None
    os.close(handle)
    os.unlink(probe)


@contextmanager
def plain_path_errors(option: str, given: object) -> Iterator[None]:
    """Looking at ``given`` failed in the file system (a name too long, a loop of links):
    say so about the option, not with a traceback."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise VizTransformerError(f"{option} {given} cannot be used ({reason}).") from None


def number_in_range(
    option: str, value: float | None, low: float, high: float, why: str = ""
) -> float | None:
    """``value`` if it is a finite number from ``low`` to ``high`` (or None: not given),
    else an error naming the option, the range and why the range is what it is."""
    if value is None:
        return None
    if not math.isfinite(value) or not low <= value <= high:
        reason = f" ({why})" if why else ""
        raise VizTransformerError(
            f"{option} {value!r} is out of range: give a number from {_show(low)} to "
            f"{_show(high)}{reason}."
        )
    return value


def _show(number: float) -> str:
    """4294967295 rather than 4.29497e+09; 0.5 stays 0.5."""
    return str(int(number)) if float(number).is_integer() else f"{number:g}"
