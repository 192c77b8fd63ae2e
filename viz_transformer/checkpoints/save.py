"""Writing a checkpoint: the safetensors weights, then the JSON that describes them."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import torch
from safetensors.torch import save

from ..errors import VizTransformerError
from .checkpoint import Checkpoint
from .layout import FORMAT, RESERVED, SNAPSHOT_PREFIX, VERSION, WEIGHT_PREFIX, checkpoint_paths


def save_checkpoint(checkpoint: Checkpoint, path: str | Path) -> Path:
    """Write ``checkpoint`` as ``path`` (.safetensors) and its .json; return the weights path.

    Weights are stored in float32, snapshots' attention in float16 (pictures need no more,
    and it halves the file). Each file is written to a temporary name and then renamed, so
    an interrupted save never leaves a half-written checkpoint under the real name.
    """
    weights_path, json_path = checkpoint_paths(path)
    weights = save(_tensors(checkpoint))
    description = _description(checkpoint, hashlib.sha256(weights).hexdigest())
    text = json.dumps(description, ensure_ascii=False, indent=1) + "\n"
    weights_path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(weights_path, weights)
    _write_atomic(json_path, text.encode("utf-8"))
    return weights_path


def _tensors(checkpoint: Checkpoint) -> dict[str, torch.Tensor]:
    """Every tensor of the checkpoint under its file key; clones, so tied weights save too."""
    tensors = {
        WEIGHT_PREFIX + name: value.detach().float().contiguous().clone()
        for name, value in checkpoint.model.state_dict().items()
    }
    for part in checkpoint.snapshots[0].attention if checkpoint.snapshots else ():
        stacked = torch.stack([s.attention[part] for s in checkpoint.snapshots])
        tensors[SNAPSHOT_PREFIX + part] = stacked.to(torch.float16).contiguous()
    return tensors


def _description(checkpoint: Checkpoint, weights_sha256: str) -> dict:
    clashing = sorted(set(checkpoint.info) & set(RESERVED))
    if clashing:
        raise VizTransformerError(f"Checkpoint.info may not use the reserved keys {clashing}.")
    return {
        "format": FORMAT,
        "version": VERSION,
        "task": checkpoint.task,
        **checkpoint.info,
        "config": checkpoint.model.config.to_dict(),
        "tokenizer": checkpoint.tokenizer.to_dict(),
        "snapshots": [
            {"step": s.step, "loss": s.loss, "accuracy": s.accuracy} for s in checkpoint.snapshots
        ],
        "weights_sha256": weights_sha256,
    }


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
