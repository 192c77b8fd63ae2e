"""Reading the two files of a checkpoint without trusting them.

Every failure becomes a ``VizTransformerError`` that names the file and says what is wrong
with it. Nothing in either file is executed: the JSON is parsed as data, the weights are
read by safetensors (a length, a JSON header, raw tensor bytes), and a pickle is recognised
by its first bytes and refused.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors

from ..errors import VizTransformerError
from .layout import FORMAT

# a zip archive (torch.save since 1.6) or a pickle stream (protocol 2–5) starts like this
PICKLE_SIGNATURES = (b"PK\x03\x04", b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")


def read_json(path: Path) -> dict[str, Any]:
    """The checkpoint's JSON description, checked to be one (format, task, config, tokenizer)."""
    if not path.is_file():
        raise VizTransformerError(
            f"{path}: file not found. A checkpoint is a pair NAME.safetensors + NAME.json; "
            f"the JSON holds the config and the tokenizer the weights need."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise VizTransformerError(
            f"{path}: not UTF-8 text, so not a checkpoint's JSON ({error})."
        ) from None
    except json.JSONDecodeError as error:
        raise VizTransformerError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}. "
            f"The file is truncated or was edited by hand."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise VizTransformerError(
            f"{path}: not a viz-transformer checkpoint description "
            f'(expected a JSON object with "format": "{FORMAT}").'
        )
    expected = {"task": str, "config": dict, "tokenizer": dict, "snapshots": list}
    for key, kind in expected.items():
        if not isinstance(data.get(key), kind):
            raise VizTransformerError(
                f"{path}: the key {key!r} is missing or is not a {kind.__name__}."
            )
    return data


def read_weights(path: Path, sha256: str | None) -> dict[str, torch.Tensor]:
    """Every tensor of a safetensors file; refuses pickles, damaged files and changed bytes."""
    if not path.is_file():
        raise VizTransformerError(f"{path}: file not found.")
    data = path.read_bytes()
    if data.startswith(PICKLE_SIGNATURES):
        raise VizTransformerError(
            f"{path}: this is a pickle (a torch.save file), not safetensors. viz_transformer "
            f"never unpickles, because unpickling can run code hidden in the file; save the "
            f"model with viz_transformer.checkpoints.save_checkpoint instead."
        )
    try:
        tensors = load_safetensors(data)
    except SafetensorError as error:
        raise VizTransformerError(
            f"{path}: not a readable safetensors file, it is truncated or corrupt ({error})."
        ) from None
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise VizTransformerError(
            f"{path}: its bytes do not match the SHA-256 recorded in its .json; the file is "
            f"corrupt or was changed after it was saved."
        )
    return tensors
