"""List every hook name of a model shape with its tensor shape (the README's table)."""

from __future__ import annotations

import argparse

import torch

from ..hooks.names import HookName, hook_name, parse_hook
from ..model import Transformer, TransformerConfig
from ..model.config import SHAPES

# sizes chosen pairwise distinct, so each dimension of a captured tensor names itself
SIZES = {"batch": 2, "head": 3, "src": 7, "tgt": 5, "d_head": 8, "d_model": 24, "d_ff": 40}
VOCAB = 11


def hook_table(shape: str) -> list[tuple[str, str]]:
    """(hook name, symbolic shape) for every hook of a two-layer model of this ``shape``."""
    s = SIZES
    config = TransformerConfig(
        src_vocab=VOCAB, shape=shape, d_model=s["d_model"], n_heads=s["head"], d_ff=s["d_ff"],
        n_encoder_layers=2, n_decoder_layers=2, dropout=0.0,
    )  # fmt: skip
    model = Transformer(config)
    src = torch.randint(4, VOCAB, (s["batch"], s["src"]))
    tgt = torch.randint(4, VOCAB, (s["batch"], s["tgt"]))
    inputs = (
        (src, tgt) if shape == "encoder-decoder" else (tgt if shape == "decoder-only" else src,)
    )
    cache = model.run_with_cache(*inputs)
    return [(name, _symbolic(tensor.shape, shape)) for name, tensor in cache.items()]


def _symbolic(dims: torch.Size, shape: str) -> str:
    """[2, 3, 5, 7] → [batch, head, tgt, src]; a single stack's length is called ``seq``."""
    names = {size: name for name, size in SIZES.items()} | {VOCAB: "vocab"}
    words = [names.get(d, str(d)) for d in dims]
    if shape != "encoder-decoder":
        words = ["seq" if w in ("src", "tgt") else w for w in words]
    return "[" + ", ".join(words) + "]"


def markdown(shape: str) -> str:
    """The table for one shape, layer 0 standing for every layer."""
    rows = [(parse_hook(n), d) for n, d in hook_table(shape)]
    lines = ["| hook name | shape |", "| --- | --- |"]
    lines += [
        f"| `{_any_layer(hook)}` | {dims} |" for hook, dims in rows if hook.layer in (None, 0)
    ]
    return "\n".join(lines)


def _any_layer(hook: HookName) -> str:
    """The hook's name with its layer, if any, written ``{i}``."""
    return hook_name(hook.stack, None if hook.layer is None else "{i}", hook.module, hook.kind)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shape", choices=SHAPES, default="encoder-decoder")


def run(args: argparse.Namespace) -> int:
    print(markdown(args.shape))
    return 0
