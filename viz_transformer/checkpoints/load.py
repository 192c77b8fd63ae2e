"""Loading a checkpoint: check every part against the config before anything is built from it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from ..errors import VizTransformerError
from ..hooks.memory import HEADROOM, available_memory_bytes
from ..model import Transformer, TransformerConfig
from ..tokenizers import Tokenizer, tokenizer_from_dict
from .checkpoint import Checkpoint, Snapshot
from .layout import RESERVED, SNAPSHOT_PREFIX, WEIGHT_PREFIX, checkpoint_paths
from .read import read_header, read_json, read_weights


def load_checkpoint(path: str | Path) -> Checkpoint:
    """Load ``NAME.safetensors`` + ``NAME.json`` (``path`` names either, or their stem).

    Returns the model in eval mode with its tokenizer, task, snapshots and facts. A missing,
    truncated, corrupt or mismatched file raises a ``VizTransformerError`` naming the file.
    The JSON is checked against the weights file's header, and the model's size against
    the memory this machine has, before any tensor is read or built; a weights file whose
    SHA-256 differs from the JSON's is refused, one without a recorded SHA-256 is loaded
    with a ``VizTransformerWarning``.
    """
    weights_path, json_path = checkpoint_paths(_checked_path(path))
    data = read_json(json_path)
    config = _config(json_path, data["config"])
    tokenizer = _tokenizer(json_path, data["tokenizer"], config)
    _check_against_header(weights_path, config)
    tensors = read_weights(weights_path, data.get("weights_sha256"))
    model = Transformer(config)
    model.load_state_dict(_model_state(weights_path, tensors))
    model.eval()
    snapshots = _snapshots(weights_path, tensors, data["snapshots"], config)
    info = {key: value for key, value in data.items() if key not in RESERVED}
    return Checkpoint(model, tokenizer, data["task"], snapshots, info)


def _checked_path(path: object) -> Path:
    """``path`` as a Path to a checkpoint, or an error saying what to give."""
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise VizTransformerError(
            f"load_checkpoint needs the path of a checkpoint (NAME.safetensors, NAME.json or "
            f"NAME), got {path!r}; the shipped models load by name with "
            f"viz_transformer.load_pretrained(name)."
        )
    path = Path(path)
    if path.is_dir():
        raise VizTransformerError(
            f"{path} is a folder; give one checkpoint in it, e.g. {path / 'NAME.safetensors'}."
        )
    return path


def _check_against_header(path: Path, config: TransformerConfig) -> None:
    """Refuse a config whose model would not fit this machine, or whose weights' names and
    shapes differ from the safetensors header, before anything is allocated: the model is
    laid out on torch's "meta" device, which has shapes and no memory."""
    with torch.device("meta"):
        skeleton = Transformer(config)
    tensors = [*skeleton.parameters(), *skeleton.buffers()]
    needed = sum(t.numel() * t.element_size() for t in tensors)
    spare = HEADROOM * available_memory_bytes()
    if needed > spare:
        raise VizTransformerError(
            f"{path.with_suffix('.json')}: its config (d_model={config.d_model}, "
            f"max_len={config.max_len}, d_ff={config.d_ff}, vocabularies {config.src_vocab}/"
            f"{config.target_vocab}) describes a model of {needed / 2**30:.1f} GiB, more than "
            f"the {spare / 2**30:.1f} GiB this machine can spare; the file was edited or is not "
            f"the one its weights were saved with."
        )
    stored = {
        name.removeprefix(WEIGHT_PREFIX): shape
        for name, shape in read_header(path).items()
        if name.startswith(WEIGHT_PREFIX)
    }
    expected = {name: list(t.shape) for name, t in skeleton.state_dict().items()}
    missing = [name for name in expected if name not in stored]
    unexpected = [name for name in stored if name not in expected]
    if missing or unexpected:
        raise VizTransformerError(
            f"{path}: its weights do not fit the model its .json describes: "
            f"missing {_few(missing)}, unexpected {_few(unexpected)}."
        )
    for name, shape in expected.items():
        if stored[name] != shape:
            raise VizTransformerError(
                f"{path}: weight {name!r} has shape {stored[name]}, the config in its .json "
                f"needs {shape}."
            )


def _config(path: Path, data: dict[str, Any]) -> TransformerConfig:
    try:
        return TransformerConfig.from_dict(data)
    except (VizTransformerError, TypeError) as error:
        raise VizTransformerError(f"{path}: invalid model config: {error}") from None


def _tokenizer(path: Path, data: dict[str, Any], config: TransformerConfig) -> Tokenizer:
    try:
        tokenizer = tokenizer_from_dict(data)
    except VizTransformerError as error:
        raise VizTransformerError(f"{path}: invalid tokenizer: {error}") from None
    if {config.src_vocab, config.target_vocab} != {len(tokenizer)}:
        raise VizTransformerError(
            f"{path}: the tokenizer has {len(tokenizer)} pieces but the config says the model "
            f"reads {config.src_vocab} and writes {config.target_vocab} ids."
        )
    return tokenizer


def _model_state(path: Path, tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The model's weights from the file, checked for finite floating-point values (names
    and shapes were checked against the file's header before anything was read)."""
    stored = {
        key.removeprefix(WEIGHT_PREFIX): value
        for key, value in tensors.items()
        if key.startswith(WEIGHT_PREFIX)
    }
    for name, value in stored.items():
        if not value.is_floating_point() or not torch.isfinite(value).all():
            raise VizTransformerError(
                f"{path}: weight {name!r} is not finite floating-point numbers."
            )
    return {name: value.float() for name, value in stored.items()}


def _attention_layers(config: TransformerConfig) -> dict[str, int]:
    """Each attention part the model has, with its number of layers."""
    layers = {}
    if config.has_encoder:
        layers["encoder"] = config.n_encoder_layers
    if config.has_decoder:
        layers["decoder"] = config.n_decoder_layers
    if config.shape == "encoder-decoder":
        layers["cross"] = config.n_decoder_layers
    return layers


def _snapshots(
    path: Path, tensors: dict[str, torch.Tensor], points: list[Any], config: TransformerConfig
) -> list[Snapshot]:
    """The snapshots: steps, losses, accuracies from the JSON, attention from the weights file."""
    stored = {
        key.removeprefix(SNAPSHOT_PREFIX): value
        for key, value in tensors.items()
        if key.startswith(SNAPSHOT_PREFIX)
    }
    layers = _attention_layers(config) if points else {}
    if set(stored) != set(layers):
        raise VizTransformerError(
            f"{path}: {len(points)} snapshots need attention for the parts {sorted(layers)}, "
            f"the file has {sorted(stored)}."
        )
    for part, n_layers in layers.items():
        head = [len(points), n_layers, config.n_heads]
        if list(stored[part].shape[:3]) != head or stored[part].dim() != 5:
            raise VizTransformerError(
                f"{path}: snapshot attention {part!r} has shape {list(stored[part].shape)}, "
                f"expected [{', '.join(map(str, head))}, query, key]."
            )
    snapshots = []
    for i, point in enumerate(points):
        if not isinstance(point, dict) or not all(
            isinstance(point.get(key), (int, float)) for key in ("step", "loss", "accuracy")
        ):
            raise VizTransformerError(
                f"{path.with_suffix('.json')}: snapshot {i} needs numbers step, loss, accuracy."
            )
        attention = {part: value[i].float() for part, value in stored.items()}
        snapshots.append(Snapshot(int(point["step"]), point["loss"], point["accuracy"], attention))
    return snapshots


def _few(names: list[str], shown: int = 4) -> str:
    """A short list of names for an error message: the first few and how many more."""
    if not names:
        return "none"
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(repr(n) for n in names[:shown]) + more
