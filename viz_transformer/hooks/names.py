"""The hook-name vocabulary: building and parsing names, and turning what a user asks for
(names, globs, a predicate) into hook names, or a clear error.

A hook name is a module path then the hook: ``{stack}[.layers.{layer}][.{module}].hook_{kind}``,
e.g. ``decoder.layers.1.cross_attn.hook_weights``, ``encoder.layers.0.hook_resid_pre``,
``encoder.ln_final.hook_in`` or ``head.hook_logits``. Build names with :func:`hook_name` or
:func:`attention_hook` and read them with :func:`parse_hook`, never by hand.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..errors import VizTransformerError

NameFilter = str | Sequence[str] | Callable[[str], bool] | None

# attention "parts" a picture can ask for, and the module path of their attention
ATTENTION_PARTS = {
    "encoder": "encoder.layers.{layer}.self_attn",
    "decoder": "decoder.layers.{layer}.self_attn",
    "cross": "decoder.layers.{layer}.cross_attn",
}

_HOOK = re.compile(
    r"(?P<stack>\w+)(?:\.layers\.(?P<layer>\d+))?(?:\.(?!hook_)(?P<module>\w+))?\.hook_(?P<kind>\w+)"
)


@dataclass(frozen=True)
class HookName:
    """A hook name read into its pieces; ``str()`` gives the name back.

    >>> parse_hook("decoder.layers.1.cross_attn.hook_weights")
    HookName(stack='decoder', layer=1, module='cross_attn', kind='weights')
    >>> parse_hook("head.hook_logits")
    HookName(stack='head', layer=None, module=None, kind='logits')
    """

    stack: str  # "encoder", "decoder" or "head"
    layer: int | None  # the block's number, None outside the blocks
    module: str | None  # "self_attn", "ln1", "ffn", "ln_final", …; None for the block's own hooks
    kind: str  # what follows "hook_": "weights", "z", "in", "resid_pre", …

    def __str__(self) -> str:
        return hook_name(self.stack, self.layer, self.module, self.kind)

    @property
    def path(self) -> str:
        """The module path the hook sits on, e.g. ``decoder.layers.1.cross_attn``.

        >>> parse_hook("encoder.layers.0.ln1.hook_in").path
        'encoder.layers.0.ln1'
        """
        return str(self).removesuffix(f".hook_{self.kind}")

    @property
    def hook(self) -> str:
        """The hook's own attribute name, e.g. ``hook_weights``."""
        return f"hook_{self.kind}"

    @property
    def part(self) -> str | None:
        """The attention part ("encoder", "decoder", "cross") of an attention hook, else None.

        >>> parse_hook("decoder.layers.0.cross_attn.hook_z").part
        'cross'
        >>> parse_hook("decoder.layers.0.ffn.hook_out").part is None
        True
        """
        if self.layer is None or self.module is None:
            return None
        return attention_part(self.stack, self.module)


def hook_name(stack: str, layer: int | str | None, module: str | None, kind: str) -> str:
    """The hook name of ``kind`` on ``module`` of block ``layer`` of ``stack`` (``layer`` None:
    outside the blocks; ``module`` None: the block's or stack's own hook). ``layer="*"`` gives
    a glob over every layer.

    >>> hook_name("encoder", 0, "ln1", "in")
    'encoder.layers.0.ln1.hook_in'
    >>> hook_name("encoder", 1, None, "resid_pre")
    'encoder.layers.1.hook_resid_pre'
    >>> hook_name("head", None, None, "logits")
    'head.hook_logits'
    """
    pieces = [stack]
    if layer is not None:
        pieces += ["layers", str(layer)]
    if module is not None:
        pieces.append(module)
    return ".".join([*pieces, f"hook_{kind}"])


def attention_path(part: str, layer: int | str) -> str:
    """The module path of layer ``layer``'s ``part`` attention (``"*"``: every layer).

    >>> attention_path("cross", 1)
    'decoder.layers.1.cross_attn'
    """
    if part not in ATTENTION_PARTS:
        raise VizTransformerError(
            f"unknown attention part {part!r}; choose one of {list(ATTENTION_PARTS)}."
        )
    return ATTENTION_PARTS[part].format(layer=layer)


def attention_hook(part: str, layer: int | str, kind: str = "weights") -> str:
    """The hook name of layer ``layer``'s ``part`` attention tensor ``kind`` ("weights",
    "scores", "masked_scores", "q", "k", "v", "z", "out"); ``layer="*"`` gives a glob.

    >>> attention_hook("cross", 1)
    'decoder.layers.1.cross_attn.hook_weights'
    >>> attention_hook("encoder", "*", "scores")
    'encoder.layers.*.self_attn.hook_scores'
    """
    return f"{attention_path(part, layer)}.hook_{kind}"


def attention_part(stack: str, module: str) -> str | None:
    """The attention part of ``module`` in a block of ``stack``, or None if it is not attention.

    >>> attention_part("decoder", "cross_attn"), attention_part("decoder", "self_attn")
    ('cross', 'decoder')
    """
    for part, path in ATTENTION_PARTS.items():
        if path == f"{stack}.layers.{{layer}}.{module}":
            return part
    return None


@functools.lru_cache(maxsize=4096)
def parse_hook(name: str) -> HookName:
    """The pieces of hook name ``name``, or an error if it is not one.

    >>> parse_hook("encoder.layers.0.self_attn.hook_weights")
    HookName(stack='encoder', layer=0, module='self_attn', kind='weights')
    >>> parse_hook("encoder.ln_final.hook_in")
    HookName(stack='encoder', layer=None, module='ln_final', kind='in')
    """
    match = _HOOK.fullmatch(name) if isinstance(name, str) else None
    if match is None:
        raise VizTransformerError(
            f"{name!r} is not a hook name: hook names read "
            f"'{{stack}}[.layers.{{layer}}][.{{module}}].hook_{{kind}}', e.g. "
            f"{attention_hook('encoder', 0)!r}; `model.hook_names` lists them."
        )
    layer = match["layer"]
    return HookName(
        match["stack"], None if layer is None else int(layer), match["module"], match["kind"]
    )


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
