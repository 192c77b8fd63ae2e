"""Turning what a user asks for (names, globs, a predicate) into hook names, or a clear error."""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Sequence

from ..errors import VizTransformerError

NameFilter = str | Sequence[str] | Callable[[str], bool] | None


def select_names(wanted: NameFilter, available: Sequence[str]) -> list[str]:
    """Hook names matching ``wanted``: None (all), a name or glob, a list of them, or a predicate.

    An exact name that does not exist, or a glob that matches nothing, is refused with the
    closest real names, so a typo never silently captures nothing.
    """
    if wanted is None:
        return list(available)
    if callable(wanted):
        return [name for name in available if wanted(name)]
    patterns = [wanted] if isinstance(wanted, str) else _patterns(wanted)
    known = set(available)  # a model has hundreds of names: look them up in a set, not a list
    chosen: dict[str, None] = {}  # ordered and without repeats
    for pattern in patterns:
        matches = fnmatch.filter(available, pattern) if _is_glob(pattern) else [pattern]
        if not matches or matches[0] not in known:
            raise unknown_name_error(pattern, available)
        chosen.update(dict.fromkeys(matches))
    return list(chosen)


def _patterns(wanted: object) -> list[str]:
    """A list of names or globs, or an error showing the forms ``names`` takes."""
    forms = (
        "a hook name, a glob such as '*.hook_weights', a list of those, a function "
        "name -> bool, or None for every hook"
    )
    if isinstance(wanted, bytes) or not isinstance(wanted, Iterable):
        raise VizTransformerError(f"names={wanted!r} is not {forms}.")
    patterns = list(wanted)
    for pattern in patterns:
        if not isinstance(pattern, str):
            raise VizTransformerError(f"names holds {pattern!r}, not a string: give {forms}.")
    return patterns


def unknown_name_error(name: str, available: Iterable[str]) -> VizTransformerError:
    """An error naming the unknown hook and the nearest real ones."""
    available = list(available)
    close = difflib.get_close_matches(name, available, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return VizTransformerError(
        f"no hook named {name!r} in this model.{hint} "
        f"`model.hook_names` lists all {len(available)} names."
    )


def _is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in "*?[")
