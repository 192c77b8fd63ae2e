"""Colour scales: what value maps to what colour, the same way in every picture.

- weights (after softmax) live in [0, 1]: a colour-blind-safe sequential map (viridis) fixed
  to 0–1, so two pictures of weights can be compared by eye. ``vmax`` may be lowered on request.
- scores (before softmax) are signed: a diverging map (RdBu_r) centred at 0 with symmetric
  limits ±max|finite score|, so white means 0 and red/blue have equal reach.
- −∞ (a masked score) is no number on either scale: it gets its own colour and the legend
  label "−∞ (masked)".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ...errors import VizTransformerError

Kind = Literal["weights", "scores"]

WEIGHTS_CMAP = "viridis"
SCORES_CMAP = "RdBu_r"
MASKED_LABEL = "−∞ (masked)"


@dataclass(frozen=True)
class ColorScale:
    """A colormap name and its limits; ``label`` titles the colour bar."""

    cmap: str
    vmin: float
    vmax: float
    label: str


def color_scale(
    data: np.ndarray,
    kind: Kind = "weights",
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
) -> ColorScale:
    """The scale for ``data`` of this ``kind``; explicit ``cmap``/``vmin``/``vmax`` win.

    weights: viridis on [0, 1]. scores: RdBu_r on [−m, m], m = max |finite value| (1 if none).
    """
    if kind == "weights":
        default = ColorScale(WEIGHTS_CMAP, 0.0, 1.0, "weight")
    elif kind == "scores":
        m = symmetric_limit(data)
        default = ColorScale(SCORES_CMAP, -m, m, "score")
    else:
        raise VizTransformerError(f"kind must be 'weights' or 'scores', got {kind!r}")
    return ColorScale(
        cmap or default.cmap,
        default.vmin if vmin is None else float(vmin),
        default.vmax if vmax is None else float(vmax),
        default.label,
    )


def symmetric_limit(data: np.ndarray) -> float:
    """max |x| over the finite values of ``data`` (1.0 when there are none or all are 0)."""
    finite = np.abs(np.asarray(data, dtype=np.float64))
    finite = finite[np.isfinite(finite)]
    m = float(finite.max()) if finite.size else 0.0
    return m if m > 0 else 1.0


def masked_cells(data: np.ndarray) -> np.ndarray:
    """Boolean array, True where ``data`` is −∞ (a masked score)."""
    return np.isneginf(np.asarray(data))


def plotly_colorscale(cmap: str, stops: int = 11) -> list[list[float | str]]:
    """A matplotlib colormap sampled as a plotly colorscale, so both renderers match exactly."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    colormap = colormaps[cmap]
    return [[i / (stops - 1), to_hex(colormap(i / (stops - 1)))] for i in range(stops)]


def contrasting_text(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (the larger WCAG contrast ratio)."""
    luminance = relative_luminance(color)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of a colour (0 black, 1 white)."""
    from matplotlib.colors import to_rgb

    channels = np.array(to_rgb(color))
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])
