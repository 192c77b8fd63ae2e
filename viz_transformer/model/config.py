"""d_k = d_v = d_model / h: one dataclass describes every shape of the model, its sizes, its
parts and its options."""

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
SIZES = ("src_vocab", "d_model", "n_heads", "d_ff", "max_len")
LAYER_COUNTS = ("n_encoder_layers", "n_decoder_layers")
SPECIAL_IDS = ("pad_id", "bos_id", "eos_id")


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
        for name in SIZES:
            _check_whole(name, getattr(self, name), least=1)
        if self.tgt_vocab is not None:
            _check_whole("tgt_vocab", self.tgt_vocab, least=1)
        for name in LAYER_COUNTS:  # 0 is a real choice: an encoder-decoder without a decoder layer
            _check_whole(name, getattr(self, name), least=0)
        for name in SPECIAL_IDS:
            _check_whole(name, getattr(self, name), least=0)
            vocab = min(self.src_vocab, self.target_vocab)
            if getattr(self, name) >= vocab:
                raise VizTransformerError(
                    f"{name}={getattr(self, name)} is outside the vocabulary: the model reads ids "
                    f"0 to {vocab - 1}. Give a vocabulary that holds the special tokens "
                    f"(a tokenizer's len(tokenizer)) or choose {name} below {vocab}."
                )
        if self.d_model % self.n_heads:
            divisors = [h for h in range(1, self.d_model + 1) if self.d_model % h == 0]
            near = sorted(divisors, key=lambda h: abs(h - self.n_heads))[:3]
            raise VizTransformerError(
                f"d_model={self.d_model} is not divisible by n_heads={self.n_heads}: each head "
                f"gets d_model / n_heads dimensions. Use n_heads in {sorted(near)} or change d_model."
            )
        if not _is_real(self.dropout) or not 0.0 <= self.dropout < 1.0:
            raise VizTransformerError(f"dropout must be a number in [0, 1), got {self.dropout!r}.")
        if not _is_real(self.layer_norm_eps) or not 0.0 < self.layer_norm_eps < float("inf"):
            raise VizTransformerError(
                f"layer_norm_eps must be a small positive number such as 1e-5, got "
                f"{self.layer_norm_eps!r}: LayerNorm divides by sqrt(variance + eps), so eps <= 0 "
                f"gives NaN for a constant vector."
            )
        if not isinstance(self.tie_output, bool):
            raise VizTransformerError(f"tie_output must be True or False, got {self.tie_output!r}.")

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
    if not isinstance(value, str) or value not in choices:
        raise VizTransformerError(f"{name}={value!r} is not one of {list(choices)}.")


def _check_whole(name: str, value: object, least: int) -> None:
    """Refuse a size that is not a whole number (a float, a string, a bool) or below ``least``."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise VizTransformerError(
            f"{name} must be a whole number, got {value!r} ({type(value).__name__}); "
            f"sizes, layer counts and token ids count things, so write e.g. {name}=8."
        )
    if value < least:
        what = "at least 1" if least == 1 else "0 or more"
        raise VizTransformerError(f"{name} must be {what}, got {value}.")


def _is_real(value: object) -> bool:
    """A real number that is not a bool (NaN passes here; the range checks refuse it)."""
    import numbers

    return isinstance(value, numbers.Real) and not isinstance(value, bool)
