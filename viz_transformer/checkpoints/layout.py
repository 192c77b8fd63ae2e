"""How a checkpoint lies on disk: ``NAME.safetensors`` (tensors) beside ``NAME.json`` (the rest).

The safetensors file holds the model's weights as ``model.<parameter name>`` and the
snapshots' attention as ``snapshots.<part>`` [snapshot, layer, head, query, key]. The JSON
holds the config, the tokenizer vocabulary, the task, the snapshots' steps, losses and
accuracies, the facts in ``Checkpoint.info`` and the SHA-256 of the safetensors file.
Neither file can carry code: loading parses JSON and raw tensor bytes, never pickle.
"""

from __future__ import annotations

from pathlib import Path

FORMAT = "viz-transformer checkpoint"
VERSION = 1
WEIGHT_PREFIX = "model."
SNAPSHOT_PREFIX = "snapshots."
# JSON keys the format owns; every other top-level key is a fact of ``Checkpoint.info``
RESERVED = ("format", "version", "task", "config", "tokenizer", "snapshots", "weights_sha256")


def checkpoint_paths(path: str | Path) -> tuple[Path, Path]:
    """(weights, json) for a path to either file of the pair, or to their common stem."""
    path = Path(path)
    weights = path.with_suffix(".safetensors") if path.suffix in ("", ".json") else path
    return weights, weights.with_suffix(".json")
