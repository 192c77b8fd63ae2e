"""The model dropdown of an explorer: the shipped models of the shapes it shows, or a user's own
model listed alone."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import VizTransformerError
from ...runs.models import ModelChoice, check_pair, shipped_model, shipped_names


def model_dropdown(
    choice: ModelChoice, shapes: tuple[str, ...] | None = None, any_model: bool = False
) -> widgets.Dropdown:
    """A dropdown of shipped models (of the given shapes); a user's own model is listed alone,
    a model of another library (accepted with ``any_model``) as "your model (its class)".
    A name that is not shipped, a model of another shape or anything else is refused."""
    if not isinstance(choice, str):
        pair = check_pair(choice, shapes, any_model)
        label = "your model" if isinstance(pair, tuple) else f"your model ({pair.name})"
        return widgets.Dropdown(options=[(label, pair)], value=pair, description="model")
    names = [n for s in (shapes or (None,)) for n in shipped_names(s)]
    if choice not in names:
        shipped = shipped_names()
        why = (
            f"the shipped model {choice!r} is {shipped_model(choice)[0].config.shape}, and this "
            f"explorer shows {' or '.join(shapes or ())} models"
            if choice in shipped
            else f"no shipped model is called {choice!r}"
        )
        raise VizTransformerError(
            f"{why}; choose one of {names}, or pass your own (model, tokenizer)."
        )
    return widgets.Dropdown(options=names, value=choice, description="model")
