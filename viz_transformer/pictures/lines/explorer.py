"""LinesExplorer: token-to-token lines that follow the mouse (issue 15).

Hovering a token shows only its lines; a click locks it, so its lines stay when the mouse
leaves; a click on it again, or anywhere else in the picture, unlocks. The heads drawn are
picked in ``heads``, each in its own colour (the legend names them).

The mouse reaches Python through the FigureWidget's ``on_hover``, ``on_unhover`` and
``on_click`` callbacks (the kernel is live in JupyterLab); each calls one of the explorer's
methods (:meth:`LinesExplorer.hover`, :meth:`~LinesExplorer.unhover`,
:meth:`~LinesExplorer.click`), which a test or a user can call as well.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import ipywidgets as widgets

from ...runs import ModelChoice
from ...runs.models import reads_text, run_model
from ...runs.text_run import TextRun
from ..common.explorer import Controls, Explorer, reports_errors, runs_model
from ..common.model_dropdown import model_dropdown
from ..common.run_controls import layer_slider, part_dropdown, refit, text_box
from .plotly import explorable_lines_figure
from .view import SIDES, HeadLines, head_lines, token_lines

Token = tuple[str, int]  # ("query" | "key", position)


class LinesExplorer(Explorer):
    """Pick a model and a text, an attention part, a layer and the heads to draw; then hover
    or click the tokens.

    ``explorer.hover("query", 3)`` shows query 3's lines (as the mouse on that token does),
    ``unhover()`` takes the mouse away, ``click("key", 0)`` locks key 0 (``locked``), a
    second click on it (or ``click(None)``: a click beside the tokens) unlocks. ``view`` holds
    every line of the layer, ``shown`` the lines drawn; :meth:`export` saves what is drawn, a
    locked token included.

    >>> explorer = vt.explorers.LinesExplorer("reverse", text="attention2017")
    >>> explorer.heads.value = (0, 2)
    >>> explorer.click("query", 3)
    """

    FIGURES: Sequence[str] = ("figure",)  # the lines are ``figure``; a subclass adds others

    def __init__(
        self,
        model: ModelChoice = "reverse",
        text: str = "attention2017",
        *,
        lang: str | None = None,
    ) -> None:
        self.model = model_dropdown(model, any_model=True)
        self.text = text_box(text)
        self.part = part_dropdown()
        self.layer = layer_slider()
        self.heads = widgets.SelectMultiple(description="heads", rows=4)
        super().__init__(self._control_list(), self.FIGURES, lang=lang)
        self.model_runs = 0
        self.run: TextRun | None = None
        self.view: HeadLines | None = None
        self.shown: HeadLines | None = None
        self.hovered: Token | None = None
        self.locked: Token | None = None
        self.observe_controls(self.compute, self.model, self.text)
        self.observe_controls(self.draw_part, self.part)
        self.observe_controls(self.draw, self.layer, self.heads)
        self.compute()

    def _control_list(self) -> list[Controls]:
        return [self.model, self.text, self.part, self.layer, self.heads]

    @runs_model
    def compute(self) -> None:
        """Run the model on the text (the only step that does), then fit the controls."""
        self.text.disabled = not reads_text(self.model.value)
        self.run = run_model(self.model.value, self.text.value, names="*.hook_weights")
        self.model_runs += 1
        self.hovered = self.locked = None  # other tokens
        with self.quietly():
            self._fit_controls(self.run.cache.n_heads)
        self.draw_part()

    def _fit_controls(self, n_heads: int) -> None:
        """Parts and heads of this model, keeping the chosen ones it has."""
        parts = self.run.cache.attention_parts
        refit(self.part, parts, parts[-1])
        kept = tuple(h for h in self.heads.value if h < n_heads)
        self.heads.options = [(f"head {h}", h) for h in range(n_heads)]
        self.heads.value = kept or tuple(range(n_heads))

    @reports_errors
    def draw_part(self) -> None:
        """Another part: fit the layers, then draw."""
        if self.run is None:
            return
        with self.quietly():
            self.layer.max = self.run.cache.n_layers(self.part.value) - 1
        self.draw()

    @reports_errors
    def draw(self) -> None:
        """Slice the cached attention at part, layer and heads; draw the focused token's lines."""
        if self.run is None:
            return
        queries, keys = self.run.tokens(self.part.value)
        self.view = head_lines(self.run.cache, self.part.value, self.layer.value,
                               sorted(self.heads.value), queries, keys)  # fmt: skip
        self.redraw()

    @reports_errors
    def redraw(self) -> None:
        """Draw the lines of the hovered token, else of the locked one, else every line."""
        if self.view is None:
            return
        token = self.hovered or self.locked
        self.shown = self.view if token is None else token_lines(self.view, *token)
        self.show(explorable_lines_figure(self.shown))
        self._listen()

    def hover(self, side: str, position: int) -> None:
        """The mouse is on a token: show only its lines."""
        self.hovered = (side, int(position))
        self.redraw()

    def unhover(self) -> None:
        """The mouse left the token: back to the locked token's lines, or to every line."""
        if self.hovered is not None:
            self.hovered = None
            self.redraw()

    def click(self, side: str | None, position: int | None = None) -> None:
        """A click on a token locks it, or unlocks it if it was locked; a click elsewhere
        (``side=None``) unlocks."""
        token = None if side is None else (side, int(position))
        self.locked = None if token == self.locked else token
        self.redraw()

    def _listen(self) -> None:
        """Send the lines figure's hovers and clicks to :meth:`hover`, :meth:`unhover` and
        :meth:`click`: the last three traces are the query tokens, the key tokens and the net
        of points between them (``explorable_lines_figure``)."""
        *lines, queries, keys, net = self.figure.data
        for side, column in zip(SIDES, (queries, keys), strict=True):
            column.on_hover(at_point(functools.partial(self.hover, side)))
            column.on_unhover(at_point(lambda _: self.unhover()))
            column.on_click(at_point(functools.partial(self.click, side)))
        for trace in (*lines, net):  # a click on a line or beside the tokens: elsewhere
            trace.on_click(at_point(lambda _: self.click(None)))


def at_point(act: Callable[[int | list[int]], None]) -> Callable:
    """A plotly callback calling ``act(index)`` with the index of the point under the mouse
    (``[row, column]`` in a heatmap). plotly calls every trace's callback for each event, the
    traces without a point under the mouse with none: those are left alone."""

    def callback(trace, points, state) -> None:
        if points.point_inds:
            act(points.point_inds[0])

    return callback
