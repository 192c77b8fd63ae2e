"""A panel: one labelled matrix of a multi-panel picture, and which panels share a colour bar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Panel:
    """A [row, column] matrix with its title, labels and colour scale.

    ``kind`` is "scores" (diverging, centred at 0) or "weights" (0–1); ``vmin``/``vmax``
    fix the limits (None: the style's default for the kind); ``label`` names the colour bar
    when the kind's own name ("score", "weight") would mislead; ``xlabel``/``ylabel`` name
    this panel's axes when they differ from the rest of the figure.
    """

    title: str
    values: np.ndarray
    kind: str
    x_labels: list[str]
    y_labels: list[str]
    vmin: float | None = None
    vmax: float | None = None
    label: str | None = None
    xlabel: str | None = None  # axis names, when they differ from the figure's
    ylabel: str | None = None

    @property
    def scale(self) -> tuple:
        return (self.kind, self.vmin, self.vmax, self.label)


def scale_groups(panels: Sequence[Panel], columns: int | None = None) -> list[list[int]]:
    """Runs of neighbouring panels in one row (of ``columns`` panels; None: a single row)
    with the same fixed scale; each run gets one colour bar, right of its last panel.

    A panel whose limits are left to the style (None) is on a scale of its own.
    """
    columns = columns or len(panels)
    groups: list[list[int]] = []
    for index, panel in enumerate(panels):
        previous = panels[index - 1] if index % columns else None
        fixed = panel.kind == "weights" or panel.vmin is not None
        if groups and fixed and previous is not None and previous.scale == panel.scale:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups
