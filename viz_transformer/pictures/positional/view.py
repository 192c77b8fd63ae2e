"""Positional encodings as pictures: the sin/cos waves, the position × dimension table, and
how similar the encodings of two positions are.

    PE(pos, 2i) = sin(pos / 10000^(2i/d)),   PE(pos, 2i+1) = cos(pos / 10000^(2i/d))

Dimension pair i is a wave of wavelength 2π·10000^(2i/d): the first dimensions change at
every position, the last ones barely over thousands. Because sin and cos of a sum expand
into products, PE(p)·PE(q) = Σᵢ cos((p − q)·ωᵢ) depends only on the distance p − q. A
learned table has no formula: it is whatever training made it, and only as long as trained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from torch import Tensor

from ...errors import VizTransformerError
from ...model import Transformer, sinusoidal_table
from ..common.panel import Panel
from ..common.selection import STACKS, as_numpy, token_labels

DEFAULT_DIMS = (0, 1, 6, 7, 14, 15, 30, 31)


@dataclass(frozen=True)
class PositionalWaves:
    """Chosen dimensions of the sinusoidal table over positions: ``values`` [dim, position];
    dimension j belongs to pair i = j // 2, whose wavelength is 2π·10000^(2i/d)."""

    positions: np.ndarray
    dims: list[int]
    values: np.ndarray
    labels: list[str]
    wavelengths: list[float]
    title: str


@dataclass(frozen=True)
class EncodingTable:
    """A positional table [position, dimension] and its similarity PE·PEᵀ [position, position]."""

    values: np.ndarray
    similarity: np.ndarray
    position_labels: list[str]
    name: str

    @property
    def title(self) -> str:
        return f"{self.name} positional encoding"

    @property
    def panels(self) -> list[Panel]:
        """The table (position × dimension) and the dot products of its rows, both diverging."""
        dims = [str(j) for j in range(self.values.shape[1])]
        rows = self.position_labels
        return [
            Panel(
                f"{self.name} PE[pos, dim]",
                self.values,
                "scores",
                dims,
                rows,
                label="PE value",
                xlabel="dimension",
            ),
            Panel(
                "PE(p)·PE(q)",
                self.similarity,
                "scores",
                rows,
                rows,
                label="dot product",
            ),
        ]


def sinusoidal_waves(
    n_positions: int = 64, d_model: int = 64, dims: Sequence[int] = DEFAULT_DIMS
) -> PositionalWaves:
    """The columns ``dims`` of ``sinusoidal_table(n_positions, d_model)``, labelled with their
    function (sin for even, cos for odd) and wavelength 2π·10000^(2i/d).

    >>> vt.views.sinusoidal_waves(n_positions=64, d_model=64)
    """
    table = as_numpy(sinusoidal_table(n_positions, d_model))
    dims = [_check_dim(j, d_model) for j in dims]
    return PositionalWaves(
        positions=np.arange(n_positions),
        dims=dims,
        values=table[:, dims].T,
        labels=[f"dim {j}: {'sin' if j % 2 == 0 else 'cos'}" for j in dims],
        wavelengths=[2 * np.pi * 10000 ** (2 * (j // 2) / d_model) for j in dims],
        title=f"sinusoidal positional encoding (d = {d_model}): one wave per dimension",
    )


def encoding_table(
    table: Tensor, name: str, position_labels: Sequence[str] | None = None
) -> EncodingTable:
    """A positional table [position, dimension] with S = PE·PEᵀ, Sₚq = Σⱼ PE[p, j]·PE[q, j].

    >>> vt.views.encoding_table(vt.sinusoidal_table(32, 64), "sinusoidal")
    """
    if table.dim() != 2:
        raise VizTransformerError(
            f"a positional table is [position, dimension], got shape {list(table.shape)}."
        )
    values = as_numpy(table)
    return EncodingTable(
        values=values,
        similarity=values @ values.T,
        position_labels=token_labels(position_labels, values.shape[0], "position labels"),
        name=name,
    )


def sinusoidal_encoding_table(positions: int, d_model: int) -> EncodingTable:
    """The formula's table for ``positions`` × ``d_model``, with its similarity, as
    ``encoding_table`` gives it for any table.

    >>> vt.views.sinusoidal_encoding_table(32, 64).values.shape
    (32, 64)
    """
    table = sinusoidal_table(positions, d_model)
    return encoding_table(table, f"sinusoidal (d_model = {d_model})")


def model_positional_table(model: Transformer, stack: str = "encoder") -> Tensor:
    """The whole positional table [max_len, d_model] of a model's ``stack`` (what training
    made of a learned table; the formula's values for a sinusoidal one).

    >>> vt.views.model_positional_table(model, "encoder")
    """
    if stack not in STACKS or not hasattr(model, stack):
        present = [s for s in STACKS if hasattr(model, s)]
        raise VizTransformerError(f"this model has no {stack!r} stack; it has {present}.")
    if model.config.positional == "none":
        raise VizTransformerError(
            "this model was built with positional='none': it has no positional table."
        )
    return getattr(model, stack).pos_encoding.table.detach()


def _check_dim(j: int, d_model: int) -> int:
    if not 0 <= j < d_model:
        raise VizTransformerError(
            f"dimension {j} is out of range: d_model is {d_model} (0 to {d_model - 1})."
        )
    return int(j)
