"""Estimating what a capture will hold, so a request the machine cannot hold is refused
before the forward pass starts (and not after minutes of swapping)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce

import torch
from torch import Tensor

from ..errors import VizTransformerError
from .hook_point import HookPoint

# a dimension of a hooked tensor either follows an input size or is fixed by the architecture
Role = str | int
_PROBE = {"batch": 2, "src": 3, "tgt": 4}
_GROWN = {"batch": 3, "src": 5, "tgt": 7}
HEADROOM = 0.8  # never plan to use more than this share of the memory available now


def available_memory_bytes() -> int:
    """Memory the system can give now (MemAvailable), or the physical total as a fallback."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import os

    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def dimension_roles(model) -> dict[str, tuple[Role, ...]]:
    """For every hook, which size each dimension follows ("batch", "src", "tgt" of the input;
    "head", the heads kept) or its fixed size; found by comparing a tiny forward pass with one
    whose sizes all grew, and from each HookPoint's ``head_axis``."""
    roles = getattr(model, "_dimension_roles", None)
    if roles is None:
        small, grown = _probe_shapes(model, _PROBE), _probe_shapes(model, _GROWN)
        roles = {
            name: _with_head_role(_roles_of(small[name], grown[name]), model.hook_point(name))
            for name in small
        }
        model._dimension_roles = roles
    return roles


def estimate_capture_bytes(
    model,
    names: Sequence[str],
    sizes: dict[str, int],
    dtype: torch.dtype | None,
    heads: Sequence[int] | None = None,
) -> int:
    """Bytes the tensors at ``names`` will take for inputs of ``sizes`` (batch, src, tgt) when
    the per-head ones keep ``heads`` (every head if None)."""
    element = torch.empty((), dtype=dtype or _param_dtype(model)).element_size()
    roles = dimension_roles(model)
    sizes = {**sizes, "head": model.config.n_heads if heads is None else len(heads)}
    return sum(_numel(roles[name], sizes) * element for name in names)


def check_capture_fits(
    model,
    names: Sequence[str],
    inputs: Sequence[object],
    dtype: torch.dtype | None,
    heads: Sequence[int] | None = None,
    keywords: dict[str, object] | None = None,
) -> None:
    """Refuse a capture that would not fit in memory, saying what to capture instead.

    The inputs are sized however they come: tensors, arrays or (nested) lists of ids, given
    by position or as ``ids=`` / ``tgt=`` keywords."""
    sizes = _input_sizes(model, inputs, keywords or {})
    if sizes is None or max(sizes.values()) < 256:  # small inputs always fit; skip the probe
        return
    needed = estimate_capture_bytes(model, names, sizes, dtype, heads)
    available = available_memory_bytes()
    if needed <= HEADROOM * available:
        return
    one_layer = next(n for n in model.hook_names if n.endswith(".hook_weights"))
    raise VizTransformerError(
        f"capturing {len(names)} hooks for inputs of {sizes} would hold about "
        f"{needed / 2**30:.1f} GiB, more than the {HEADROOM * available / 2**30:.1f} GiB this "
        f"machine can spare. Capture less: names={one_layer!r} "
        f"(one layer's weights), a glob such as '*.layers.0.*', heads=[0] (one head per "
        f"attention layer) or dtype=torch.float16 (half the memory); or shorten the input."
    )


def _input_sizes(
    model, inputs: Sequence[object], keywords: dict[str, object]
) -> dict[str, int] | None:
    """{batch, src, tgt} of the inputs as the forward pass will read them (``model(ids, tgt)``),
    or None when they are malformed: the model's own checks then explain what is wrong."""
    ids = inputs[0] if inputs else keywords.get("ids")
    tgt = inputs[1] if len(inputs) > 1 else keywords.get("tgt")
    shaped = [_as_2d(x) for x in (ids, tgt) if x is not None]
    if not shaped or any(x is None for x in shaped):
        return None
    sizes = {"batch": shaped[0][0], "src": shaped[0][1]}
    sizes["tgt"] = shaped[1][1] if len(shaped) > 1 else sizes["src"]
    return sizes


def _as_2d(ids: object) -> tuple[int, int] | None:
    """The [batch, seq] size of ``ids`` (a tensor, an array or nested lists), or None."""
    if not isinstance(ids, Tensor):
        try:
            ids = torch.as_tensor(ids)
        except (TypeError, ValueError, RuntimeError):
            return None  # ragged or not numbers: the model's checks say so
    if ids.dim() not in (1, 2):
        return None
    return (1, ids.shape[0]) if ids.dim() == 1 else (ids.shape[0], ids.shape[1])


def _probe_shapes(model, sizes: dict[str, int]) -> dict[str, torch.Size]:
    c = model.config
    token = next(i for i in range(c.src_vocab) if i != c.pad_id)
    src = torch.full((sizes["batch"], sizes["src"]), token)
    tgt = torch.full((sizes["batch"], sizes["tgt"]), token)
    inputs = (src, tgt) if c.shape == "encoder-decoder" else (src,)  # one stack: "src"
    shapes: dict[str, torch.Size] = {}
    record = (None, lambda t, hook: shapes.__setitem__(hook.name, t.shape))
    with model.hooks([record]), torch.no_grad():
        model(*inputs)
    return shapes


def _roles_of(small: torch.Size, grown: torch.Size) -> tuple[Role, ...]:
    by_size = {(_PROBE[k], _GROWN[k]): k for k in _PROBE}
    return tuple(by_size.get((a, b), a) if a != b else a for a, b in zip(small, grown, strict=True))


def _with_head_role(roles: tuple[Role, ...], point: HookPoint) -> tuple[Role, ...]:
    """``roles`` with the point's head axis, if it has one, following the heads kept."""
    if point.head_axis is None:
        return roles
    return tuple("head" if i == point.head_axis else r for i, r in enumerate(roles))


def _numel(roles: tuple[Role, ...], sizes: dict[str, int]) -> int:
    return reduce(lambda n, r: n * (sizes[r] if isinstance(r, str) else r), roles, 1)


def _param_dtype(model) -> torch.dtype:
    return next(model.parameters()).dtype
