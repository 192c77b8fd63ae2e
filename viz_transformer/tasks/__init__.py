"""Toy tasks whose attention a person can read: data, tokenizer, model size, held-out split."""

from .example import Example
from .recipe import Recipe
from .registry import TASKS, get_task
from .split import is_held_out
from .task import Task

__all__ = ["TASKS", "Example", "Recipe", "Task", "get_task", "is_held_out"]
