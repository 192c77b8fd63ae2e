"""PositionalEncodingExplorer: the sin/cos waves, the table and how positions resemble each other."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import VizTransformerError
from ...runs import shipped_model, shipped_names
from ..common.explorer import Explorer, reports_errors
from .plotly import encoding_tables_figure, positional_waves_figure
from .view import (
    encoding_table,
    model_positional_table,
    sinusoidal_encoding_table,
    sinusoidal_waves,
)


class PositionalEncodingExplorer(Explorer):
    """Sinusoidal: choose d_model, the number of positions and the dimensions drawn as waves.
    Learned: the table a shipped model trained, against the formula's table of the same size
    (a learned table has no rows past its training length: it cannot extend).

    Below the waves: the table [position, dimension] and its similarity PE·PEᵀ — nearby
    positions look alike, which is how attention can find "the token two to the left".
    """

    def __init__(
        self, kind: str = "sinusoidal", dims: str = "0, 1, 8, 9, 30, 31", *, lang: str | None = None
    ) -> None:
        learned = [n for n in shipped_names() if shipped_model(n)[0].config.positional == "learned"]
        options = [("sinusoidal (formula)", "sinusoidal")]
        options += [(f"learned ({name} model)", name) for name in learned]
        self.kind = widgets.Dropdown(options=options, value=kind, description="encoding")
        self.d_model = widgets.IntSlider(64, min=8, max=512, step=8, description="d_model")
        self.positions = widgets.IntSlider(50, min=4, max=256, description="positions")
        self.dims = widgets.Text(value=dims, description="dimensions", continuous_update=False)
        controls = [self.kind, self.d_model, self.positions, self.dims]
        super().__init__(controls, ("figure", "tables"), lang=lang)
        self.observe_controls(self.draw, self.kind, self.d_model, self.positions, self.dims)
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Waves of the chosen dimensions, then the table and its similarity."""
        dims = _parse_dims(self.dims.value)
        if self.kind.value == "sinusoidal":
            n, d = self.positions.value, self.d_model.value
            self.show(positional_waves_figure(sinusoidal_waves(n, d, dims)))
            table = sinusoidal_encoding_table(n, d)
            self.show(encoding_tables_figure(table), "tables")
            return
        model, _ = shipped_model(self.kind.value)
        stack = "decoder" if model.config.has_decoder else "encoder"
        learned = model_positional_table(model, stack)
        n, d = learned.shape
        formula = sinusoidal_encoding_table(n, d)
        trained = encoding_table(learned, f"learned by the {self.kind.value} model")
        self.show(positional_waves_figure(sinusoidal_waves(n, d, dims)))  # the formula's waves
        self.show(encoding_tables_figure([formula, trained]), "tables")  # same size, side by side


def _parse_dims(text: str) -> list[int]:
    """ "0, 1, 8" → [0, 1, 8], or an error that shows the expected form."""
    try:
        dims = [int(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise VizTransformerError(
            f"dimensions must be whole numbers separated by commas, e.g. 0, 1, 8, 9; got {text!r}."
        ) from None
    if not dims:
        raise VizTransformerError("name at least one dimension to draw, e.g. 0, 1.")
    return dims
