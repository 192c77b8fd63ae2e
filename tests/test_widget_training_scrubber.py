"""TrainingScrubber in the kernel: the figure shows exactly the stored snapshot's attention,
the curves hold the stored losses, and an impossible choice is a message in the widget."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import tiny_model

from viz_transformer.checkpoints import Checkpoint, Snapshot
from viz_transformer.pictures.history.explorer import TrainingScrubber
from viz_transformer.tokenizers import CharTokenizer


@pytest.fixture
def checkpoint() -> Checkpoint:
    """A tiny encoder-decoder with three snapshots of its probe's attention."""
    model = tiny_model("encoder-decoder")
    src, tgt = torch.tensor([[4, 5, 6, 2]]), torch.tensor([[1, 6, 5]])
    snapshots = []
    for step in (0, 10, 20):
        torch.manual_seed(step)
        with torch.no_grad():
            for p in model.parameters():
                p.add_(0.1 * torch.randn_like(p))
        cache = model.run_with_cache(src, tgt, names="*.hook_weights")
        attention = {part: cache.stack_attention(part) for part in cache.attention_parts}
        snapshots.append(
            Snapshot(step, loss=3.0 - step / 10, accuracy=step / 20, attention=attention)
        )
    tokens = {"encoder": ["a", "b", "c", "<eos>"], "decoder": ["<bos>", "c", "b"]}
    info = {"probe": {"source": "abc", "target": "cba", "tokens": tokens}}
    return Checkpoint(model, CharTokenizer("abc"), "toy", snapshots, info)


def test_figure_shows_the_stored_snapshot(checkpoint: Checkpoint) -> None:
    scrubber = TrainingScrubber(checkpoint)
    assert scrubber.snapshot.value == 2  # opens on the trained model
    scrubber.part.value, scrubber.layer.value, scrubber.head.value = "cross", 1, 0
    for index in (0, 1):
        scrubber.snapshot.value = index
        expected = checkpoint.snapshots[index].attention["cross"][1, 0].numpy()
        np.testing.assert_allclose(scrubber.figure.data[0].z, expected, atol=1e-6)
    assert list(scrubber.figure.data[0].y) == ["0 <bos>", "1 c", "2 b"]  # decoder queries
    assert list(scrubber.figure.data[0].x) == ["0 a", "1 b", "2 c", "3 <eos>"]  # encoder keys


def test_mean_of_heads_and_the_training_curves(checkpoint: Checkpoint) -> None:
    scrubber = TrainingScrubber(checkpoint, part="encoder")
    scrubber.head.value = "mean"
    mean = checkpoint.snapshots[2].attention["encoder"][0].mean(0).numpy()
    np.testing.assert_allclose(scrubber.figure.data[0].z, mean, atol=1e-6)
    loss = next(t for t in scrubber.figure.data if t.name == "loss")
    np.testing.assert_allclose(loss.y, [3.0, 2.0, 1.0], atol=1e-6)


def test_a_layer_the_part_lacks_is_a_message(checkpoint: Checkpoint) -> None:
    scrubber = TrainingScrubber(checkpoint, part="encoder")
    scrubber.layer.value = 1
    shown = np.array(scrubber.figure.data[0].z)
    scrubber.layer.max = 5
    scrubber.layer.value = 5
    assert "layer 5 is out of range" in scrubber.error
    np.testing.assert_array_equal(scrubber.figure.data[0].z, shown)  # the last good picture
