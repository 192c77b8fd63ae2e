"""The README's table of shipped models, written from the checkpoints' own JSON so the figures
in the documentation are always the measured ones."""

from __future__ import annotations

from ..pretrained import available_models, checkpoint_dir, load_pretrained_checkpoint

HEADER = (
    "| task | shape | parameters | held-out accuracy | training time | steps | checkpoint size "
    "| command |\n| --- | --- | ---: | --- | ---: | ---: | ---: | --- |"
)


def training_table() -> str:
    """A markdown table: one row per shipped model, from its checkpoint's measured facts."""
    rows = [HEADER]
    for name in available_models():
        checkpoint = load_pretrained_checkpoint(name)
        facts, training = checkpoint.info["accuracy"], checkpoint.info["training"]
        params = sum(p.numel() for p in checkpoint.model.parameters())
        size = sum(
            (checkpoint_dir() / f"{name}{ext}").stat().st_size for ext in (".safetensors", ".json")
        )
        rows.append(
            f"| {name} | {checkpoint.model.config.shape} | {params:,} "
            f"| {facts['value']:.1%} ({facts['metric']}, {facts['examples']} examples) "
            f"| {training['seconds']:.0f} s | {training['steps']} | {size / 1e6:.2f} MB "
            f"| `{training['command']}` |"
        )
    return "\n".join(rows) + "\n"
