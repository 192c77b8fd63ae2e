"""Reading the two files of a checkpoint without trusting them.

Every failure becomes a ``VizTransformerError`` that names the file and says what is wrong
with it. Nothing in either file is executed: the JSON is parsed as data, the weights are
read by safetensors (a length, a JSON header, raw tensor bytes), and a pickle is recognised
by its first bytes and refused.
"""

from __future__ import annotations

import hashlib
import json
import struct
import warnings
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_safetensors

from ..errors import VizTransformerError, VizTransformerWarning
from .layout import FORMAT, VERSION

HEADER_LIMIT = 100 * 2**20  # safetensors refuses headers over 100 MB too

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
    version = data.get("version")
    if version != VERSION:
        raise VizTransformerError(
            f"{path}: checkpoint format version {version!r}; this viz_transformer reads version "
            f"{VERSION}. A newer version was written by a newer viz_transformer: upgrade it "
            f"(or re-save the model with this one)."
        )
    expected = {"task": str, "config": dict, "tokenizer": dict, "snapshots": list}
    for key, kind in expected.items():
        if not isinstance(data.get(key), kind):
            raise VizTransformerError(
                f"{path}: the key {key!r} is missing or is not a {kind.__name__}."
            )
    checksum = data.get("weights_sha256")
    if checksum is not None and not (
        isinstance(checksum, str)
        and len(checksum) == 64
        and all(c in "0123456789abcdef" for c in checksum)
    ):
        raise VizTransformerError(
            f"{path}: weights_sha256 must be 64 lowercase hex digits (a SHA-256), got {checksum!r}."
        )
    return data


def read_header(path: Path) -> dict[str, list[int]]:
    """{tensor name: shape} from the safetensors header alone (its first bytes), so a
    description can be checked against the weights before any tensor is read or built."""
    if not path.is_file():
        raise VizTransformerError(f"{path}: file not found.")
    with path.open("rb") as file:
        start = file.read(8)
        if _looks_pickled(start, path.stat().st_size):
            _refuse_pickle(path)
        (length,) = struct.unpack("<Q", start) if len(start) == 8 else (0,)
        if not 2 <= length <= HEADER_LIMIT:
            raise VizTransformerError(
                f"{path}: not a readable safetensors file, it is truncated or corrupt "
                f"(its header length reads {length} bytes)."
            )
        raw = file.read(length)
    try:
        header = json.loads(raw)
        shapes = {
            name: [int(n) for n in entry["shape"]]
            for name, entry in header.items()
            if name != "__metadata__"
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        raise VizTransformerError(
            f"{path}: not a readable safetensors file, its header is truncated or corrupt."
        ) from None
    return shapes


def read_weights(path: Path, sha256: str | None) -> dict[str, torch.Tensor]:
    """Every tensor of a safetensors file; refuses pickles, damaged files and changed bytes."""
    if not path.is_file():
        raise VizTransformerError(f"{path}: file not found.")
    data = path.read_bytes()
    if _looks_pickled(data[:8], len(data)):
        _refuse_pickle(path)
    try:
        tensors = load_safetensors(data)
    except SafetensorError as error:
        raise VizTransformerError(
            f"{path}: not a readable safetensors file, it is truncated or corrupt ({error})."
        ) from None
    if sha256 is None:
        warnings.warn(
            f"{path.with_suffix('.json')} records no weights_sha256, so a damaged or replaced "
            f"{path.name} cannot be noticed; re-save it with save_checkpoint to add one.",
            VizTransformerWarning,
            stacklevel=3,
        )
    elif hashlib.sha256(data).hexdigest() != sha256:
        raise VizTransformerError(
            f"{path}: its bytes do not match the SHA-256 recorded in its .json; the file is "
            f"corrupt or was changed after it was saved."
        )
    return tensors


def _looks_pickled(start: bytes, size: int) -> bool:
    """A pickle's signature where a safetensors file has its header length: "\\x80\\x02" is
    also how a 640-byte header's length begins, so a pickle's is one no file of ``size`` has."""
    if not start.startswith(PICKLE_SIGNATURES):
        return False
    return len(start) < 8 or struct.unpack("<Q", start)[0] + 8 > size


def _refuse_pickle(path: Path) -> None:
    raise VizTransformerError(
        f"{path}: this is a pickle (a torch.save file), not safetensors. viz_transformer "
        f"never unpickles, because unpickling can run code hidden in the file; save the "
        f"model with viz_transformer.checkpoints.save_checkpoint instead."
    )
