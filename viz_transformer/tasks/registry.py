"""The tasks by name, and the one lookup that turns a name into a task or a helpful error."""

from __future__ import annotations

from ..errors import VizTransformerError
from . import count, dates, induction, rescue, reverse
from .task import Task

TASKS: dict[str, Task] = {m.TASK.name: m.TASK for m in (reverse, dates, induction, count, rescue)}


def get_task(name: str) -> Task:
    """The task called ``name``; an unknown name is refused with the list of known ones."""
    if name not in TASKS:
        raise VizTransformerError(f"unknown task {name!r}; the tasks are {sorted(TASKS)}.")
    return TASKS[name]
