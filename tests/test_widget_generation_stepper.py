"""GenerationStepper in the kernel: its figure holds the cached attention of the chosen step,
its controls move through the decoding, and bad input shows a message instead of a traceback."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import tiny_char_model

from viz_transformer.pictures.generation.explorer import GenerationStepper


@pytest.fixture
def stepper() -> GenerationStepper:
    return GenerationStepper(tiny_char_model(), text="abcdef")


def test_each_step_shows_that_steps_cached_attention(stepper: GenerationStepper) -> None:
    stepper.layer.value, stepper.head.value = 1, 1
    for step in (0, 2, stepper.step.max):
        stepper.step.value = step
        cache = stepper.run.result.caches[step]
        self_attention, cross_attention = stepper.figure.data[0].z, stepper.figure.data[1].z
        expected_self = cache.attention("decoder", 1, head=1).numpy()
        np.testing.assert_allclose(self_attention, expected_self, atol=1e-6)
        np.testing.assert_allclose(cross_attention, cache.attention("cross", 1, head=1), atol=1e-6)
        assert self_attention.shape == (step + 1, step + 1)  # the decoder's input grows by one


def test_mean_over_heads_and_the_top_k_bars(stepper: GenerationStepper) -> None:
    stepper.step.value = 1
    cache = stepper.run.result.caches[1]
    mean = cache.attention("cross", 0).mean(0).numpy()
    stepper.layer.value, stepper.head.value = 0, "mean"
    np.testing.assert_allclose(stepper.figure.data[1].z, mean, atol=1e-6)
    bars = stepper.figure.data[-1]
    probs = torch.softmax(cache.output[0, -1], -1).topk(stepper.top_k.value).values.numpy()
    np.testing.assert_allclose(bars.y, probs, atol=1e-6)


def test_next_and_previous_buttons_move_one_step(stepper: GenerationStepper) -> None:
    stepper.next.click()
    stepper.next.click()
    stepper.previous.click()
    assert stepper.step.value == 1
    stepper.step.value = stepper.step.max
    stepper.next.click()
    assert stepper.step.value == stepper.step.max  # never past the last step


def test_sampling_controls_decode_again(stepper: GenerationStepper) -> None:
    stepper.temperature.value = 2.0
    outputs = {}
    for seed in range(6):
        stepper.seed.value = seed
        outputs[seed] = stepper.run.result.ids[0].tolist()
    assert len({tuple(ids) for ids in outputs.values()}) > 1  # sampling changes the choice
    stepper.seed.value = 0
    assert stepper.run.result.ids[0].tolist() == outputs[0]  # the same seed, the same sample


def test_bad_text_is_a_message_and_the_last_picture_stays(stepper: GenerationStepper) -> None:
    before = np.array(stepper.figure.data[0].z)
    stepper.text.value = ""
    assert "empty" in stepper.error
    np.testing.assert_array_equal(stepper.figure.data[0].z, before)
    stepper.text.value = "abc"
    assert stepper.error == ""
