"""TrainingScrubber: a slider over the attention snapshots a checkpoint kept while it trained."""

from __future__ import annotations

import ipywidgets as widgets

from ...checkpoints import Checkpoint
from ...runs import shipped_checkpoint, shipped_names
from ..common.explorer import Explorer, reports_errors
from ..common.head_choice import MEAN, head_dropdown, head_options, view_head
from ..common.run_controls import layer_slider, part_dropdown, refit
from .plotly import training_frame_figure
from .view import training_frame


class TrainingScrubber(Explorer):
    """Scrub through training: watch the probe's attention pattern form as loss falls.

    Every control only re-slices the snapshots stored in the checkpoint; nothing is trained
    or run here.
    """

    def __init__(
        self, checkpoint: str | Checkpoint = "reverse", part: str | None = None, *,
        lang: str | None = None,
    ) -> None:  # fmt: skip
        names = shipped_names() if isinstance(checkpoint, str) else []
        options = names or [("your checkpoint", checkpoint)]
        self.checkpoint = widgets.Dropdown(options=options, value=checkpoint, description="model")
        self.snapshot = widgets.IntSlider(0, min=0, max=0, description="snapshot")
        self.play = widgets.Play(interval=400, min=0, max=0, description="play")
        widgets.jslink((self.play, "value"), (self.snapshot, "value"))
        self.part = part_dropdown()
        self.layer = layer_slider()
        self.head = head_dropdown()
        super().__init__(
            [self.checkpoint, self.play, self.snapshot, self.part, self.layer, self.head],
            lang=lang,
        )
        self.observe_controls(self.load, self.checkpoint)
        self.observe_controls(self.draw, self.snapshot, self.part, self.layer, self.head)
        self.load(part)

    @property
    def current(self) -> Checkpoint:
        value = self.checkpoint.value
        return shipped_checkpoint(value) if isinstance(value, str) else value

    @reports_errors
    def load(self, part: str | None = None) -> None:
        """Fit the controls to the chosen checkpoint and show its last snapshot."""
        checkpoint = self.current
        snapshots = checkpoint.snapshots
        parts = sorted(snapshots[0].attention) if snapshots else []
        with self.quietly():
            last = max(len(snapshots) - 1, 0)
            self.snapshot.max = self.play.max = last
            self.snapshot.value = last
            self.part.options = parts
            self.part.value = part if part in parts else (parts[-1] if parts else None)
            config = checkpoint.model.config
            self.layer.max = max(config.n_decoder_layers, config.n_encoder_layers) - 1
            self.layer.value = min(self.layer.value, self.layer.max)
            refit(self.head, head_options(config.n_heads), MEAN)
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the stored snapshot and redraw."""
        frame = training_frame(
            self.current,
            self.snapshot.value,
            self.part.value,
            self.layer.value,
            view_head(self.head.value),
        )
        self.show(training_frame_figure(frame))
