"""The whole model as a map: every block, the hooks inside it, and the shape each one captured.

The map is read off the model object, not drawn from a template: the stacks a model has
(encoder, decoder or both), their embedding and positional encoding, each layer's sublayers
in the order the layer registers them (attention, cross-attention, feed-forward), the norm
and residual sum that wrap each sublayer, a stack's final norm and the output head. So an
encoder-only, a decoder-only and an encoder-decoder model each draw their own shape, and a
model with more layers draws more of them.

Every block lists the hook names under its module path and, from a cache of one run, the
shape each captured; ``shown`` is the hook a picture of the block shows (an attention
block's weights, every other block's output).
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from ...hooks.cache import ActivationCache
from ...hooks.hook_point import HookPoint
from ...hooks.names import attention_part
from ...model import (
    Dropout,
    FeedForward,
    LayerNorm,
    MultiHeadAttention,
    OutputHead,
    PositionalEncoding,
    Stack,
    TokenEmbedding,
    Transformer,
)

# the hook a click on a block shows, by kind of block
SHOWN_HOOK = {
    "embedding": "hook_out",
    "positional": "hook_pe",
    "attention": "hook_weights",
    "norm": "hook_out",
    "feed-forward": "hook_out",
    "head": "hook_logits",
}
KINDS = (*SHOWN_HOOK, "residual")


@dataclass(frozen=True)
class Block:
    """One box of the map.

    ``path`` names it (a module path, or the hook name of a residual sum); ``stack`` is the
    column it stands in; ``row`` its height in that column (0: the embedding, data flows
    upwards as in the 2017 paper's figure); ``layer`` the layer it belongs to (None outside
    the layers); ``part`` the attention part ("encoder", "decoder", "cross") whose tokens
    label it; ``shapes`` the captured shape of each of ``hooks`` (None: not captured);
    ``adds_residual`` marks the block where the skip connection is added back (⊕).
    """

    path: str
    kind: str
    label: str
    stack: str
    row: int
    layer: int | None
    part: str
    hooks: tuple[str, ...]
    shapes: tuple[tuple[int, ...] | None, ...]
    shown: str
    adds_residual: bool = False

    @property
    def shown_shape(self) -> tuple[int, ...] | None:
        return self.shapes[self.hooks.index(self.shown)]


@dataclass(frozen=True)
class ArchitectureMap:
    """The blocks of a model, column by column, and the arrows between the columns.

    ``stacks`` are the columns, left to right; ``cross`` lists (encoder block, decoder
    block) pairs: the encoder's output read by each cross-attention.
    """

    shape: str
    stacks: tuple[str, ...]
    blocks: tuple[Block, ...]
    cross: tuple[tuple[str, str], ...]
    pre_norm: bool
    title: str

    def block(self, path: str) -> Block:
        """The block called ``path`` (an error listing the paths if there is none)."""
        for block in self.blocks:
            if block.path == path:
                return block
        raise KeyError(f"no block {path!r} on this map; blocks: {[b.path for b in self.blocks]}")

    def column(self, stack: str) -> list[Block]:
        """The blocks of one column, bottom to top."""
        return sorted((b for b in self.blocks if b.stack == stack), key=lambda b: b.row)

    @property
    def hook_names(self) -> list[str]:
        """Every hook name on the map."""
        return [hook for block in self.blocks for hook in block.hooks]


def architecture_map(model: Transformer, cache: ActivationCache | None = None) -> ArchitectureMap:
    """The map of ``model``, with each hook's captured shape from ``cache`` (if given).

    >>> vt.views.architecture_map(model, run.cache)
    """
    names = model.hook_names
    shapes = {} if cache is None else {name: tuple(cache[name].shape) for name in cache}
    stacks = [
        (name, module) for name, module in model.named_children() if isinstance(module, Stack)
    ]
    head_path = next(n for n, m in model.named_children() if isinstance(m, OutputHead))
    blocks: list[_Draft] = []
    for stack_name, stack in stacks:
        blocks += _stack_blocks(stack_name, stack)
    last_stack = stacks[-1][0]  # the decoder when there is one: the head reads the last stack
    top = max(b.row for b in blocks if b.stack == last_stack)
    blocks.append(_Draft(head_path, "head", "output head", last_stack, top + 1, None, last_stack))
    built = tuple(_finish(b, names, shapes) for b in blocks)
    cross = ()
    if len(stacks) > 1:
        encoder_top = max((b for b in built if b.stack == stacks[0][0]), key=lambda b: b.row)
        cross = tuple((encoder_top.path, b.path) for b in built if b.part == "cross")
    shape = model.config.shape
    return ArchitectureMap(
        shape=shape,
        stacks=tuple(name for name, _ in stacks),
        blocks=built,
        cross=cross,
        pre_norm=_is_pre_norm(stacks[0][1]),
        title=f"{shape} Transformer: {_sizes(model)}",
    )


@dataclass
class _Draft:
    """A block before its hooks are looked up: ``hook_paths`` are module or hook paths
    whose hooks it holds (default: its own path)."""

    path: str
    kind: str
    label: str
    stack: str
    row: int
    layer: int | None
    part: str
    hook_paths: tuple[str, ...] = ()
    adds_residual: bool = False


def _stack_blocks(name: str, stack: Stack) -> list[_Draft]:
    """One column: the stack's children in registration order, which is forward order."""
    drafts: list[_Draft] = []
    for child_name, child in stack.named_children():
        path = f"{name}.{child_name}"
        row = len(drafts)
        if isinstance(child, TokenEmbedding):
            drafts.append(_Draft(path, "embedding", "token embedding", name, row, None, name))
        elif isinstance(child, PositionalEncoding):
            label = "+ positional encoding"
            drafts.append(_Draft(path, "positional", label, name, row, None, name))
        elif isinstance(child, nn.ModuleList):
            for layer, block in enumerate(child):
                drafts += _layer_blocks(f"{path}.{layer}", block, name, layer, len(drafts))
        elif isinstance(child, LayerNorm):
            drafts.append(_Draft(path, "norm", "final LayerNorm", name, row, None, name))
    return drafts


def _layer_blocks(path: str, layer: nn.Module, stack: str, index: int, row: int) -> list[_Draft]:
    """A layer's sublayers, each with its norm and its residual sum, in forward order.

    The layer registers each sublayer, then its norm, then the hook of the residual stream
    after it (``hook_resid_mid``…); a hook before any sublayer is the layer's input and goes
    with the layer's first block. Pre-norm draws norm → sublayer → ⊕; post-norm draws
    sublayer → ⊕ and norm (one block: LN(x + Sublayer(x)))."""
    groups: list[dict] = []
    leading: list[str] = []
    for child_name, child in layer.named_children():
        child_path = f"{path}.{child_name}"
        if isinstance(child, Dropout):
            continue
        if isinstance(child, LayerNorm):
            groups[-1]["norm"] = (child_name, child_path)
        elif isinstance(child, HookPoint):
            (groups[-1].setdefault("resid", []) if groups else leading).append(child_path)
        else:
            groups.append({"sublayer": (child_name, child_path, child)})
    drafts: list[_Draft] = []
    pre_norm = bool(getattr(layer, "pre_norm", False))
    for group in groups:
        sub_name, sub_path, sub = group["sublayer"]
        norm_name, norm_path = group["norm"]
        kind, label, part = _sublayer_kind(sub_name, sub, stack)
        resid = tuple(group.get("resid", ()))
        sublayer = _Draft(sub_path, kind, label, stack, 0, index, part)
        if pre_norm:
            norm = _Draft(norm_path, "norm", f"LayerNorm {norm_name}", stack, 0, index, stack)
            add = _Draft(resid[-1], "residual", "⊕ residual", stack, 0, index, stack, resid, True)
            parts = [norm, sublayer, add]
        else:
            label = f"⊕ Add & Norm {norm_name}"  # the 2017 paper's name
            hooks = (norm_path, *resid)
            add = _Draft(norm_path, "norm", label, stack, 0, index, stack, hooks, True)
            parts = [sublayer, add]
        drafts += parts
    if leading:  # the layer's input: read by its first block
        first = drafts[0]
        first.hook_paths = (*leading, *(first.hook_paths or (first.path,)))
    for offset, draft in enumerate(drafts):
        draft.row = row + offset
    return drafts


def _sublayer_kind(name: str, module: nn.Module, stack: str) -> tuple[str, str, str]:
    """(kind, label, attention part) of one sublayer module."""
    if isinstance(module, MultiHeadAttention):
        if attention_part(stack, name) == "cross":
            return "attention", "cross-attention", "cross"
        masked = "masked " if stack == "decoder" else ""
        return "attention", f"{masked}self-attention", stack
    if isinstance(module, FeedForward):
        return "feed-forward", "feed-forward", stack
    return "sublayer", name, stack


def _finish(draft: _Draft, names: list[str], shapes: dict[str, tuple[int, ...]]) -> Block:
    """Look up the hooks under the draft's paths (a path that is itself a hook name stands
    for that hook alone) and their captured shapes."""
    hooks: list[str] = []
    for prefix in draft.hook_paths or (draft.path,):
        hooks += [n for n in names if n == prefix or n.startswith(prefix + ".")]
    own = f"{draft.path}.{SHOWN_HOOK.get(draft.kind, 'hook_out')}"
    shown = hooks[-1] if draft.kind == "residual" or own not in hooks else own
    return Block(
        path=draft.path,
        kind=draft.kind,
        label=draft.label,
        stack=draft.stack,
        row=draft.row,
        layer=draft.layer,
        part=draft.part,
        hooks=tuple(hooks),
        shapes=tuple(shapes.get(h) for h in hooks),
        shown=shown,
        adds_residual=draft.adds_residual,
    )


def _is_pre_norm(stack: Stack) -> bool:
    return bool(stack.layers) and bool(getattr(stack.layers[0], "pre_norm", False))


def _sizes(model: Transformer) -> str:
    c = model.config
    layers = []
    if c.has_encoder:
        layers.append(f"{c.n_encoder_layers} encoder")
    if c.has_decoder:
        layers.append(f"{c.n_decoder_layers} decoder")
    n = (c.n_encoder_layers if c.has_encoder else 0) + (c.n_decoder_layers if c.has_decoder else 0)
    noun = "layer" if n == 1 else "layers"
    return f"{' + '.join(layers)} {noun}, d_model {c.d_model}, {c.n_heads} heads, {c.norm}-norm"
