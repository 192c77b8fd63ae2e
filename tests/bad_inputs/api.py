"""Bad inputs to the Python API: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``)."""

from __future__ import annotations

import functools

import torch

import viz_transformer as vt
from viz_transformer import TransformerConfig

from .case import BadInput


@functools.cache
def _shipped(name: str):
    """A shipped (model, tokenizer), loaded once for every row that reads it."""
    return vt.load_pretrained(name)


def _reverse_run(**options):
    """run_with_cache on the reverse model with a small valid source and target."""
    model, _ = _shipped("reverse")
    return model.run_with_cache(torch.tensor([[4, 5, 2]]), torch.tensor([[1, 5]]), **options)


def _hooked(fn):
    """One forward pass of the reverse model with ``fn`` at the encoder's first residual."""
    return _reverse_run(names=[], hooks=[("encoder.layers.0.hook_resid_post", fn)])


def _config(**bad):
    """A small valid config with ``bad`` settings on top."""
    return TransformerConfig(**{"src_vocab": 10, "d_model": 8, "n_heads": 2, **bad})


CONFIG = [
    BadInput(
        "d_model not divisible by n_heads",
        lambda _: TransformerConfig(src_vocab=10, d_model=10, n_heads=3),
        says="divisible",
    ),
    BadInput("layer_norm_eps 0", lambda _: _config(layer_norm_eps=0.0), says="layer_norm_eps.*NaN"),
    BadInput("layer_norm_eps negative", lambda _: _config(layer_norm_eps=-1e-5), says="positive"),
    BadInput("layer_norm_eps nan", lambda _: _config(layer_norm_eps=float("nan")), says="positive"),
    BadInput("negative layer count", lambda _: _config(n_encoder_layers=-1), says="0 or more"),
    BadInput("vocabulary 0", lambda _: _config(src_vocab=0), says="src_vocab must be at least 1"),
    BadInput(
        "target vocabulary 0", lambda _: _config(tgt_vocab=0), says="tgt_vocab must be at least 1"
    ),
    BadInput(
        "pad_id outside the vocabulary", lambda _: _config(pad_id=10), says="pad_id=10 is outside"
    ),
    BadInput("eos_id negative", lambda _: _config(eos_id=-1), says="eos_id must be 0 or more"),
    BadInput(
        "bos_id outside a small target vocabulary", lambda _: _config(tgt_vocab=1), says="bos_id=1"
    ),
    BadInput("float size", lambda _: _config(d_model=8.0), says="d_model must be a whole number"),
    BadInput(
        "bool as a size", lambda _: _config(n_heads=True), says="n_heads must be a whole number"
    ),
    BadInput("string as a size", lambda _: _config(max_len="64"), says="max_len must be a whole"),
    BadInput("dropout nan", lambda _: _config(dropout=float("nan")), says="dropout"),
    BadInput(
        "shape not a string", lambda _: _config(shape=["decoder-only"]), says="shape=.*not one of"
    ),
]

CAPTURE = [
    BadInput(
        "dtype an integer type", lambda _: _reverse_run(dtype=torch.int8), says="floating-point"
    ),
    BadInput(
        "dtype a misspelt name", lambda _: _reverse_run(dtype="float61"), says="'float61'.*float16"
    ),
    BadInput("names=123", lambda _: _reverse_run(names=123), says="names=123 is not a hook name"),
    BadInput("names a list of numbers", lambda _: _reverse_run(names=[0, 1]), says="names holds 0"),
    BadInput("heads=[9]", lambda _: _reverse_run(heads=[9]), says="head 9 is out of range"),
    BadInput(
        "ragged list batch",
        lambda _: _shipped("reverse")[0].run_with_cache([[4, 5, 2], [4]], [[1, 4]]),
        says="ragged.*pad",
    ),
    BadInput(
        "text instead of ids",
        lambda _: _shipped("reverse")[0].generate("attention"),
        says="got the text.*encode it first",
    ),
    BadInput(
        "a hook returns the wrong shape",
        lambda _: _hooked(lambda x, hook: x[:, :1]),
        says=r"'encoder.layers.0.hook_resid_post' returned .*shape \[1, 1, 64\].*shape \[1, 3, 64\]",
    ),
    BadInput(
        "a hook returns the wrong dtype",
        lambda _: _hooked(lambda x, hook: x.double()),
        says="torch.float64.*dtype torch.float32",
    ),
    BadInput(
        "a hook returns a number",
        lambda _: _hooked(lambda x, hook: 0),
        says="type int.*return None",
    ),
    BadInput(
        "hooks given as one pair",
        lambda _: _reverse_run(hooks=("encoder.layers.0.hook_resid_post", lambda x, h: None)),
        says="a list around it",
    ),
]

CASES: list[BadInput] = [*CONFIG, *CAPTURE]
