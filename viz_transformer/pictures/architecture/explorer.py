"""ArchitectureExplorer: the whole model as a map; click a block to see what it captured."""

from __future__ import annotations

import ipywidgets as widgets

from ...runs import ModelChoice, resolve
from ...runs.text_run import TextRun, run_text
from ..block_tensor.plotly import block_tensor_figure
from ..block_tensor.view import BlockTensor, block_tensor
from ..common.explorer import Explorer, reports_errors
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import refit, text_box
from .plotly import architecture_figure, selection_outline
from .view import ArchitectureMap, architecture_map


class ArchitectureExplorer(Explorer):
    """The map of a model (every block, its hook name and captured shape for this text) on
    top; under it, the tensor of the selected block. Click a block in the map, or set
    ``explorer.block.value = "decoder.layers.1.cross_attn"``: both select it. ``hook`` picks
    another of the block's hooks, ``head`` the head of a per-head tensor.

    Model or text → one run capturing every hook (``model_runs`` counts them); block, hook or
    head → a slice of that cache, redrawn under the map (``tensor_figure``; ``view`` holds its
    numbers). The map itself is redrawn only for another model or text.
    """

    def __init__(
        self, model: ModelChoice = "reverse", text: str = "attention2017", block: str | None = None,
        *, lang: str | None = None,
    ) -> None:  # fmt: skip
        self.model = model_dropdown(model)
        self.text = text_box(text)
        self.block = widgets.Dropdown(description="block")
        self.hook = widgets.Dropdown(description="hook")
        self.head = widgets.Dropdown(description="head")
        controls = [self.model, self.text, self.block, self.hook, self.head]
        super().__init__(controls, ("figure", "tensor_figure"), lang=lang)
        self.model_runs = 0
        self.run: TextRun | None = None
        self.map: ArchitectureMap | None = None
        self.view: BlockTensor | None = None
        self._vocab: list[str] = []
        self._first_block = block
        self.observe_controls(self.compute, self.model, self.text)
        self.observe_controls(self.select, self.block)
        self.observe_controls(self.draw, self.hook, self.head)
        self.compute()

    @reports_errors
    def compute(self) -> None:
        """Run the model on the text, capturing every hook, and draw its map."""
        model, tokenizer = resolve(self.model.value)
        self.run = run_text(model, tokenizer, self.text.value)
        self.model_runs += 1
        self._vocab = tokenizer.pieces(range(tokenizer.vocab_size))
        self.map = architecture_map(model, self.run.cache)
        paths = [b.path for b in self.map.blocks]
        wanted = self._first_block or self.block.value
        self._first_block = None
        with self.quietly():
            self.block.options = paths
            self.block.value = wanted if wanted in paths else _first_attention(self.map)
            refit(self.head, list(range(model.config.n_heads)), 0)
        self.show(architecture_figure(self.map, selected=self.block.value))
        self.figure.data[0].on_click(self._clicked)
        self.select()

    @reports_errors
    def select(self) -> None:
        """A block chosen (by a click or from Python): outline it, offer its hooks, show the
        one it is known by."""
        if self.map is None:
            return
        block = self.map.block(self.block.value)
        with self.quietly():
            # named within the block ("hook_weights"), so the name fits the control
            self.hook.options = [(h.removeprefix(f"{block.path}."), h) for h in block.hooks]
            self.hook.value = block.shown
        paths = [b.path for b in self.map.blocks]
        foreground = self.figure.layout.font.color
        self.figure.data[0].marker.line = selection_outline(paths, block.path, foreground)
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the cache at the chosen hook (and head) and redraw the tensor."""
        if self.map is None:
            return
        block = self.map.block(self.block.value)
        self.view = block_tensor(self.run.cache, block, self.hook.value, tokens=self.run.tokens,
                                 head=self.head.value, vocab=self._vocab)  # fmt: skip
        per_head = len(self.view.shape) == 4
        self.head.layout.display = None if per_head else "none"
        self.show(block_tensor_figure(self.view), "tensor_figure")

    def _clicked(self, trace, points, state) -> None:
        """A click on a box in the page selects its block."""
        if points.point_inds:
            self.block.value = trace.customdata[points.point_inds[0]]


def _first_attention(view: ArchitectureMap) -> str:
    return next(b.path for b in view.blocks if b.kind == "attention")
