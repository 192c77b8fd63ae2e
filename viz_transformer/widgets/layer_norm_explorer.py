"""LayerNormExplorer: what each LayerNorm does to every token, and why not BatchNorm."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go
import torch

from ..hooks.names import hook_name
from ..renderers.plotly_batch_norm import norm_comparison_figure
from ..renderers.plotly_layer_norm import layer_norm_statistics_figure
from ..views.batch_norm import norm_comparison
from ..views.layer_norm import layer_norm_statistics
from .explorer import Explorer, reports_errors
from .models import ModelChoice, model_dropdown, resolve


class LayerNormExplorer(Explorer):
    """Top: per-token mean and variance before and after each LayerNorm of a layer (after:
    mean β̄-ish, variance ≈ γ² — every token on the same scale). Bottom: the text normalised
    alone and in a padded batch with each of ``mates``: LayerNorm's statistics never move,
    BatchNorm's change with the batch (and with how much of it is padding)."""

    def __init__(
        self, model: ModelChoice = "dates", text: str = "21 Nov 2026",
        mates: str = "2026年11月21日 | November 21, 2026 | 1/2/2000",
    ) -> None:  # fmt: skip
        self.model = model_dropdown(model)
        self.text = widgets.Text(value=text, description="text", continuous_update=False)
        self.stack = widgets.Dropdown(description="stack")
        self.layer = widgets.IntSlider(0, min=0, max=0, description="layer")
        self.mates = widgets.Text(value=mates, description="batch mates", continuous_update=False)
        controls = [self.model, self.text, self.stack, self.layer, self.mates]
        super().__init__(controls, ("figure", "comparison"))
        self.observe_controls(self.fit, self.model)
        self.observe_controls(self.draw, self.text, self.stack, self.layer, self.mates)
        self.fit()

    @reports_errors
    def fit(self) -> None:
        """Offer the chosen model's stacks, then draw."""
        model, _ = resolve(self.model.value)
        stacks = [s for s in ("encoder", "decoder") if hasattr(model, s)]
        with self.quietly():
            self.stack.options = stacks
            self.stack.value = stacks[0]
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Run the model on the text (and on each batch) and redraw both pictures."""
        model, tokenizer = resolve(self.model.value)
        stack = self.stack.value
        with self.quietly():
            self.layer.max = len(getattr(model, stack).layers) - 1
        ids = _encode(model, tokenizer, self.text.value, stack)
        cache = model.run_with_cache(*_inputs(model, stack, [ids]), names=f"{stack}.*ln*.hook_*")
        tokens = tokenizer.pieces(ids)
        view = layer_norm_statistics(cache, stack, tokens=tokens, layers=[self.layer.value])
        self.show(layer_norm_statistics_figure(view))
        self.show(self._comparison(model, tokenizer, ids, tokens), "comparison")

    def _comparison(self, model, tokenizer, ids: list[int], tokens: list[str]) -> go.Figure:
        """The text alone, then in a padded batch with each mate: LayerNorm vs BatchNorm."""
        mates = [m.strip() for m in self.mates.value.split("|") if m.strip()]
        hook = hook_name(self.stack.value, self.layer.value, "ln1", "in")
        batches, contexts = [], ["alone"]
        stack = self.stack.value
        for rows in [[ids]] + [[ids, _encode(model, tokenizer, m, stack)] for m in mates]:
            cache = model.run_with_cache(*_inputs(model, stack, rows), names=[hook])
            batches.append(cache[hook])
        contexts += [f"with “{m}”" for m in mates]
        view = norm_comparison(batches, [0] * len(batches), len(ids), contexts, tokens)
        return norm_comparison_figure(view)


def _encode(model, tokenizer, text: str, stack: str) -> list[int]:
    """Ids as the stack read them in training: an encoder-decoder's source ends with <eos>,
    every other stack starts with <bos>."""
    source = model.config.shape == "encoder-decoder" and stack == "encoder"
    return tokenizer.encode(text, add_eos=source, add_bos=not source)


def _inputs(model, stack: str, rows: list[list[int]]) -> tuple[torch.Tensor, ...]:
    """Right-padded ids, fed to ``stack``; in an encoder-decoder the other stack gets <bos>
    (for the decoder, the rows are its input and the source is the same rows)."""
    width = max(map(len, rows))
    ids = torch.tensor([r + [model.config.pad_id] * (width - len(r)) for r in rows])
    if model.config.shape != "encoder-decoder":
        return (ids,)
    if stack == "decoder":
        return ids, ids
    return ids, torch.full((len(rows), 1), model.config.bos_id)
