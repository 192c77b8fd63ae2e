"""ScalingExplorer: why attention divides the scores by √d_k."""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..common.explorer import Explorer, reports_errors
from ..scaling_choice.plotly import scaling_choice_figure
from ..scaling_choice.view import scaling_choice
from .view import D_KS, ScalingCurves, scaling_curves


class ScalingExplorer(Explorer):
    """Grow d_k and switch the scaling: unscaled, the softmax turns one-hot and its gradient
    vanishes; scaled, it stays spread at every d_k. The curves are computed once per key count."""

    def __init__(self, d_k: int = 64, scaled: bool = False, *, lang: str | None = None) -> None:
        self.d_k = widgets.SelectionSlider(options=list(D_KS), value=d_k, description="dₖ")
        self.scaled = widgets.ToggleButtons(
            options=[("without 1/√dₖ", False), ("with 1/√dₖ", True)], value=scaled
        )
        self.n_keys = widgets.IntSlider(16, min=4, max=32, description="keys")
        self.seed = widgets.IntText(0, description="seed")
        super().__init__([self.d_k, self.scaled, self.n_keys, self.seed], lang=lang)
        self.observe_controls(self.draw, self.d_k, self.scaled, self.n_keys, self.seed)
        self.draw()

    @reports_errors
    def draw(self) -> None:
        choice = scaling_choice(
            self.d_k.value, self.scaled.value, self.n_keys.value, seed=self.seed.value
        )
        self.show(scaling_choice_figure(choice, _curves(self.n_keys.value, self.seed.value)))


@functools.cache
def _curves(n_keys: int, seed: int) -> ScalingCurves:
    return scaling_curves(n_keys=n_keys, seed=seed)
