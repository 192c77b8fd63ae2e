"""Why a Transformer needs position information: without it, it cannot tell word order.

A function f is permutation-equivariant when f(P·x) = P·f(x): shuffling the input rows
only shuffles the output rows. A linear layer applied row by row is (the source articles'
example: x w with w = [[1,2],[3,4],[5,6]] and x = [[1,2,3],[4,5,6],[7,8,9]], then x with its
rows rotated to [[4,5,6],[7,8,9],[1,2,3]]), and so is attention with no positional encoding.
The articles call this 排列不变性 (permutation invariance); for per-token outputs it is
precisely equivariance, 置换等变性: the outputs move with the inputs. The picture shows f(x), f(P·x),
and the difference f(P·x) − P·f(x), which is 0 (up to float rounding) for such an f.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...errors import VizTransformerError
from ...hooks.cache import ActivationCache
from ..common.panel import Panel
from ..common.selection import as_numpy, batch_item, token_labels

SEED_W = [[1, 2], [3, 4], [5, 6]]
SEED_X = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
SEED_ORDER = (1, 2, 0)  # the articles' reordering: x becomes [[4,5,6],[7,8,9],[1,2,3]]


@dataclass(frozen=True)
class PermutationDemo:
    """f(x) and f(x[order]) for a row-wise function f, rows labelled by the input's tokens.

    ``difference`` = f(x[order]) − f(x)[order]: exactly where f treats a row by its content
    alone it is 0. ``inputs`` are shown too when they are small enough to read (the source articles' 3 × 3).
    """

    outputs: np.ndarray
    permuted_outputs: np.ndarray
    order: list[int]
    row_labels: list[str]
    title: str
    inputs: np.ndarray | None = None
    permuted_inputs: np.ndarray | None = None

    @property
    def difference(self) -> np.ndarray:
        return self.permuted_outputs - self.outputs[self.order]

    @property
    def max_difference(self) -> float:
        return float(np.abs(self.difference).max())

    @property
    def permuted_labels(self) -> list[str]:
        return [self.row_labels[i] for i in self.order]

    @property
    def panels(self) -> list[Panel]:
        """[x, x permuted,] f(x), f(x permuted), and the difference after un-permuting.

        The outputs and the difference share one diverging scale, so a difference is seen
        at its size relative to the outputs (its largest value is in its title).
        """
        limit = float(np.abs(self.outputs).max()) or 1.0
        shared = {"kind": "scores", "vmin": -limit, "vmax": limit, "label": "value"}
        columns = [str(j) for j in range(self.outputs.shape[1])]
        panels = []
        if self.inputs is not None and self.permuted_inputs is not None:
            inputs = [str(j) for j in range(self.inputs.shape[1])]
            scale = float(np.abs(self.inputs).max()) or 1.0
            given = {"kind": "scores", "vmin": -scale, "vmax": scale, "label": "input"}
            panels += [
                Panel("x", self.inputs, x_labels=inputs, y_labels=self.row_labels, **given),
                Panel(
                    "Px",
                    self.permuted_inputs,
                    x_labels=inputs,
                    y_labels=self.permuted_labels,
                    **given,
                ),
            ]
        return [
            *panels,
            Panel("f(x)", self.outputs, x_labels=columns, y_labels=self.row_labels, **shared),
            Panel(
                "f(Px)",
                self.permuted_outputs,
                x_labels=columns,
                y_labels=self.permuted_labels,
                **shared,
            ),
            Panel(
                f"f(Px) − P f(x)\nmax |·| = {self.max_difference:.2g}",
                self.difference,
                x_labels=columns,
                y_labels=self.permuted_labels,
                **shared,
            ),
        ]


def permutation_demo(
    outputs: np.ndarray,
    permuted_outputs: np.ndarray,
    order: Sequence[int],
    row_labels: Sequence[str] | None,
    title: str,
    inputs: np.ndarray | None = None,
    permuted_inputs: np.ndarray | None = None,
) -> PermutationDemo:
    """Check the shapes and the permutation, and hold the arrays for the picture.

    >>> vt.views.permutation_demo(outputs, permuted_outputs, order)
    """
    order = [int(i) for i in order]
    n = outputs.shape[0]
    if sorted(order) != list(range(n)):
        raise VizTransformerError(f"order must be a permutation of 0..{n - 1}, got {order}.")
    if permuted_outputs.shape != outputs.shape:
        raise VizTransformerError(
            f"f(x) is {list(outputs.shape)} but f(x permuted) is {list(permuted_outputs.shape)}."
        )
    return PermutationDemo(
        outputs=outputs,
        permuted_outputs=permuted_outputs,
        order=order,
        row_labels=token_labels(row_labels, n, "row labels"),
        title=title,
        inputs=inputs,
        permuted_inputs=permuted_inputs,
    )


def linear_layer_demo(
    w: Sequence[Sequence[float]] = SEED_W,
    x: Sequence[Sequence[float]] = SEED_X,
    order: Sequence[int] = SEED_ORDER,
) -> PermutationDemo:
    """The source articles' example: y = x w for x and for x with its rows reordered (``order``).

    >>> vt.views.linear_layer_demo()
    """
    w, x = np.asarray(w, dtype=np.float64), np.asarray(x, dtype=np.float64)
    permuted = x[list(order)]
    return permutation_demo(
        x @ w,
        permuted @ w,
        order,
        [f"x[{i}]" for i in range(x.shape[0])],
        "a linear layer y = x w: reordering input rows reorders output rows",
        inputs=x,
        permuted_inputs=permuted,
    )


def model_permutation_demo(
    cache: ActivationCache,
    permuted_cache: ActivationCache,
    order: Sequence[int],
    hook: str,
    tokens: Sequence[str] | None = None,
    batch: int = 0,
    *,
    title: str | None = None,
) -> PermutationDemo:
    """A model's tensor at ``hook`` [batch, seq, d] for a sentence and for its tokens
    reordered by ``order`` (the second run's input is ``ids[:, order]``).

    >>> vt.views.model_permutation_demo(cache, shuffled_cache, order, "encoder.hook_pos")
    """
    outputs = as_numpy(batch_item(cache[hook], batch))
    permuted = as_numpy(batch_item(permuted_cache[hook], batch))
    if outputs.ndim != 2:
        raise VizTransformerError(
            f"{hook} is [batch, …] with {outputs.ndim} dimensions after batch; pick a hook of "
            f"shape [batch, seq, d_model] such as 'encoder.layers.1.hook_resid_post'."
        )
    return permutation_demo(outputs, permuted, order, tokens, title or f"{hook}, tokens shuffled")
