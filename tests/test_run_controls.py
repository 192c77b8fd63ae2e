"""The shared explorer controls: refitting a control to another model keeps the learner's
choice wherever the new choices include it (assigning options alone would select the first)."""

from __future__ import annotations

import ipywidgets as widgets

import viz_transformer as vt
from viz_transformer.pictures.common.run_controls import refit


def test_refit_keeps_a_value_still_offered_else_takes_the_fallback() -> None:
    part = widgets.Dropdown(options=["encoder", "decoder", "cross"], value="decoder")
    refit(part, ["cross", "decoder"], "cross")
    assert (part.value, part.options) == ("decoder", ("cross", "decoder"))
    refit(part, ["encoder"], "encoder")
    assert part.value == "encoder"
    head = widgets.Dropdown(options=[("head 0", 0), ("head 1", 1), ("head 2", 2)], value=2)
    refit(head, [("head 0", 0), ("head 1", 1)], 0)
    assert head.value == 0  # head 2 is gone: the fallback


def test_a_first_fit_of_an_empty_control_takes_the_fallback() -> None:
    part = widgets.Dropdown(description="attention")
    refit(part, ["encoder", "decoder", "cross"], "cross")
    assert part.value == "cross"


def test_the_chosen_head_stays_when_the_learner_switches_models() -> None:
    explorer = vt.explorers.AttentionExplorer("reverse", text="abc2017")
    explorer.head.value = 1
    explorer.model.value = "count"  # encoder-only: another part list, head 1 still there
    assert (explorer.part.value, explorer.head.value) == ("encoder", 1)
    shown = vt.views.head_attention(explorer.run.cache, "encoder", explorer.layer.value, 1)
    assert (explorer.view.weights == shown.weights).all()  # the picture is head 1's
    explorer.model.value = "reverse"
    assert (explorer.part.value, explorer.head.value) == ("encoder", 1)


def test_the_scrubber_keeps_the_head_across_checkpoints() -> None:
    scrubber = vt.explorers.TrainingScrubber("reverse")
    scrubber.head.value = 1
    scrubber.checkpoint.value = "count"  # 2 heads, not 4: other options, head 1 among them
    assert scrubber.head.value == 1


def test_the_stepper_keeps_the_head_across_models_and_settings() -> None:
    stepper = vt.explorers.GenerationStepper("reverse", text="abc2017")
    stepper.head.value = 1
    stepper.model.value = "dates"
    assert stepper.head.value == 1
    stepper.temperature.value = 0.5  # the same model decodes again: the same head
    assert stepper.head.value == 1


def test_the_layer_norm_explorer_keeps_the_stack_across_models() -> None:
    explorer = vt.explorers.LayerNormExplorer("dates")
    explorer.stack.value = "decoder"
    explorer.model.value = "reverse"
    assert explorer.stack.value == "decoder"
