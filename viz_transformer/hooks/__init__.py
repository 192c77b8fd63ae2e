"""Hook points, the activation cache, and running a model with hooks."""

from .cache import ActivationCache
from .hook_point import HookPoint
from .hooked_module import HookedRootModule
from .names import select_names

__all__ = ["ActivationCache", "HookPoint", "HookedRootModule", "select_names"]
