"""The controls most explorers share, made alike everywhere: the text the model reads, the
attention part and the layer; and the rule that refits a control to a new model or text,
keeping the learner's choice wherever the new choices still include it."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import ipywidgets as widgets


def text_box(text: str) -> widgets.Text:
    """The text the model reads, sent when the learner presses Enter or leaves the box: the
    model runs once per text, not once per keystroke."""
    return widgets.Text(value=text, description="text", continuous_update=False)


def part_dropdown() -> widgets.Dropdown:
    """Which attention to show (encoder, decoder, cross); the options come with the model."""
    return widgets.Dropdown(description="attention")


def layer_slider() -> widgets.IntSlider:
    """Which layer to show; the range comes with the model."""
    return widgets.IntSlider(0, min=0, max=0, description="layer")


def refit(control: widgets.Dropdown, options: Sequence, fallback: Hashable) -> None:
    """Offer ``options`` (values, or (label, value) pairs) in ``control``: its value stays
    when they include it, else it becomes ``fallback``. (Assigning options alone would select
    the first one.)"""
    previous = control.value
    control.options = options
    values = [option[1] if isinstance(option, tuple) else option for option in options]
    control.value = previous if previous in values else fallback
