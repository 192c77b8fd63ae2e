"""A number per head, as a [layer, head] panel: the shape entropy and head detectors share."""

from __future__ import annotations

import numpy as np

from .panel import Panel


def layer_head_panel(values: np.ndarray, title: str, vmin: float, vmax: float, label: str) -> Panel:
    """``values[layer, head]`` as a panel with rows "L0", "L1", … and columns "h0", "h1", …

    Sequential colours (the weights map) on the fixed range ``vmin``–``vmax``.
    """
    n_layers, n_heads = values.shape
    return Panel(
        title=title,
        values=values,
        kind="weights",
        x_labels=[f"h{i}" for i in range(n_heads)],
        y_labels=[f"L{i}" for i in range(n_layers)],
        vmin=vmin,
        vmax=vmax,
        label=label,
    )
