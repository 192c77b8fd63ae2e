"""One dataclass describes every shape of the model: its sizes, its parts and its options."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from ..errors import VizTransformerError

Shape = Literal["encoder-decoder", "decoder-only", "encoder-only"]
Positional = Literal["sinusoidal", "learned", "none"]
Norm = Literal["post", "pre"]
Activation = Literal["relu", "gelu"]

SHAPES = ("encoder-decoder", "decoder-only", "encoder-only")
POSITIONALS = ("sinusoidal", "learned", "none")


@dataclass(frozen=True)
class TransformerConfig:
    """Sizes and options of a Transformer; the defaults are the 2017 paper's base model.

    ``src_vocab`` feeds the encoder, ``tgt_vocab`` the decoder (``None``: same as ``src_vocab``).
    ``max_len`` bounds the positional table, sinusoidal or learned alike.
    """

    src_vocab: int = 32
    tgt_vocab: int | None = None
    shape: Shape = "encoder-decoder"
    d_model: int = 512
    n_heads: int = 8
    n_encoder_layers: int = 6
    n_decoder_layers: int = 6
    d_ff: int = 2048
    dropout: float = 0.1
    activation: Activation = "relu"
    norm: Norm = "post"
    positional: Positional = "sinusoidal"
    max_len: int = 512
    layer_norm_eps: float = 1e-5
    pad_id: int = 0
    bos_id: int = 1
    eos_id: int = 2
    tie_output: bool = False

    def __post_init__(self) -> None:
        _check_choice("shape", self.shape, SHAPES)
        _check_choice("positional", self.positional, POSITIONALS)
        _check_choice("norm", self.norm, ("post", "pre"))
        _check_choice("activation", self.activation, ("relu", "gelu"))
        for name in ("src_vocab", "d_model", "n_heads", "d_ff", "max_len"):
            if getattr(self, name) < 1:
                raise VizTransformerError(f"{name} must be at least 1, got {getattr(self, name)}.")
        if self.d_model % self.n_heads:
            divisors = [h for h in range(1, self.d_model + 1) if self.d_model % h == 0]
            near = sorted(divisors, key=lambda h: abs(h - self.n_heads))[:3]
            raise VizTransformerError(
                f"d_model={self.d_model} is not divisible by n_heads={self.n_heads}: each head "
                f"gets d_model / n_heads dimensions. Use n_heads in {sorted(near)} or change d_model."
            )
        if not 0.0 <= self.dropout < 1.0:
            raise VizTransformerError(f"dropout must be in [0, 1), got {self.dropout}.")

    @property
    def d_head(self) -> int:
        """d_k = d_v = d_model / h, the size of one head's subspace."""
        return self.d_model // self.n_heads

    @property
    def target_vocab(self) -> int:
        return self.tgt_vocab if self.tgt_vocab is not None else self.src_vocab

    @property
    def has_encoder(self) -> bool:
        return self.shape != "decoder-only"

    @property
    def has_decoder(self) -> bool:
        return self.shape != "encoder-only"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TransformerConfig:
        """Build from a dict, refusing keys this version does not know (a typo, a newer file)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise VizTransformerError(
                f"unknown config keys {unknown}; known keys are {sorted(known)}."
            )
        return cls(**data)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise VizTransformerError(f"{name}={value!r} is not one of {list(choices)}.")
