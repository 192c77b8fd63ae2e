"""Exploration that follows the mouse, in a real JupyterLab (issue 15): the mouse moves and
clicks in the page, plotly's FigureWidget sends the event to the kernel, and the explorer's
answer comes back to the graphs the browser draws (read from each graph div's ``data``).

- hovering a query token of ``LinesExplorer`` leaves only that query's lines; moving away
  brings every line back; a click locks the token's lines;
- a click on a cell of ``LinkedAttentionExplorer``'s layers × heads grid puts that cell's
  matrix into the heatmap; hovering a heatmap row focuses the lines on that query.

One notebook run serves every check (``fixtures/mouse_exploration.ipynb``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import ARTIFACTS
from .controls import CHANGE_TIMEOUT_MS, assert_plot_changes
from .fixture_page import ran_fixture
from .network import NetworkLog
from .servers import Server
from .waiting import wait_until

NOTEBOOK = Path(__file__).parent / "fixtures" / "mouse_exploration.ipynb"
QUERIES = -3  # the query tokens' trace of the lines figure (then the keys, then the net)

# the lines a lines graph draws, "head,query,key", from its line traces (meta: the head)
_LINES_JS = """
(el) => [...new Set(el.data.filter((t) => typeof t.meta === 'number' && t.customdata)
  .flatMap((t) => Array.from(t.customdata, (row) => [t.meta, row[0], row[1]].join(','))))]
"""

# the page position of point ``index`` of trace ``trace`` (negative: from the end)
_POINT_JS = """
([el, trace, index]) => {
  const t = el.data[trace < 0 ? el.data.length + trace : trace];
  const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis, box = el.getBoundingClientRect();
  return [box.left + xa._offset + xa.l2p(t.x[index]), box.top + ya._offset + ya.l2p(t.y[index])];
}
"""

# the page position of cell [row, column] of a heatmap drawn on the graph's first axes
_CELL_JS = """
([el, row, column]) => {
  const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis, box = el.getBoundingClientRect();
  return [box.left + xa._offset + xa.l2p(column), box.top + ya._offset + ya.l2p(row)];
}
"""

_PLAIN = "(key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value)"


@dataclass
class MousePage:
    page: Page
    network: NetworkLog

    def explorer(self, cell: int) -> Locator:
        """The output of code cell ``cell`` (1: LinesExplorer, 2: LinkedAttentionExplorer)."""
        cells = self.page.locator(".jp-CodeCell")
        return cells.nth(cell).locator(".jp-OutputArea-output")


@pytest.fixture(scope="module")
def mouse(browser: Browser, lab_server: Server) -> Iterator[MousePage]:
    with ran_fixture(browser, lab_server, NOTEBOOK, "jupyterlab-fixture-mouse.png") as run:
        yield MousePage(*run)


def drawn(plot: Locator) -> set[tuple[int, int, int]]:
    """(head, query, key) of every line the lines graph draws."""
    return {tuple(int(float(n)) for n in s.split(",")) for s in plot.evaluate(_LINES_JS)}


def wait_for_lines(plot: Locator, test: str) -> None:
    """Wait until ``test`` (JavaScript, on the list of "head,query,key" strings) holds."""
    check = f"(el) => {{ const lines = ({_LINES_JS})(el); return ({test})(lines); }}"
    wait_until(plot.page, check, arg=plot.element_handle(), timeout_ms=CHANGE_TIMEOUT_MS)


def test_hovering_a_token_hides_the_other_lines_and_a_click_locks_them(mouse: MousePage) -> None:
    page = mouse.page
    explorer = mouse.explorer(1)
    plot = explorer.locator(".js-plotly-plot")
    expect(plot).to_have_count(1)
    plot.scroll_into_view_if_needed()
    every = drawn(plot)
    assert len({q for _, q, _ in every}) > 5  # every query's lines

    x, y = _point(plot, QUERIES, 2)
    page.mouse.move(x, y)
    wait_for_lines(
        plot, "(lines) => lines.length > 0 && lines.every((l) => l.split(',')[1] === '2')"
    )
    only = drawn(plot)
    assert only < every and {q for _, q, _ in only} == {2}
    explorer.screenshot(path=ARTIFACTS / "jupyterlab-lines-hover-query-2.png")

    page.mouse.move(5, 5)  # off the picture: every line again
    wait_for_lines(plot, f"(lines) => lines.length === {len(every)}")

    page.mouse.move(x, y)
    wait_for_lines(plot, "(lines) => lines.every((l) => l.split(',')[1] === '2')")
    page.mouse.click(x, y)  # locked: the lines stay when the mouse leaves ...
    page.mouse.move(*_point(plot, QUERIES, 5))  # ... and come back after another token's
    wait_for_lines(plot, "(lines) => lines.every((l) => l.split(',')[1] === '5')")
    page.mouse.move(5, 5)
    wait_for_lines(plot, "(lines) => lines.every((l) => l.split(',')[1] === '2')")
    assert drawn(plot) == only
    colours = plot.evaluate(f"(el) => Array.from(el.data.at({QUERIES}).textfont.color)")
    assert len(set(colours)) == 2 and colours.count(colours[2]) == 1  # the token stands out
    mouse.network.assert_offline()


def _point(plot: Locator, trace: int, index: int) -> tuple[float, float]:
    return tuple(plot.evaluate(f"(el) => ({_POINT_JS})([el, {trace}, {index}])"))


def test_clicking_a_grid_cell_opens_it_in_the_heatmap(mouse: MousePage) -> None:
    page = mouse.page
    explorer = mouse.explorer(2)
    plots = explorer.locator(".js-plotly-plot")
    expect(plots).to_have_count(4)  # grid, detector maps, heatmap, lines
    grid, heatmap = plots.nth(0), plots.nth(2)
    expect(heatmap.locator(".gtitle")).to_have_text("cross attention · layer 0 · head 0")
    n_layers, n_heads = grid.evaluate("(el) => el.data.at(-1).meta.map((n) => n + 1)")
    layer, head = n_layers - 1, n_heads - 1  # the last cell
    subplot = layer * n_heads + head + 1
    cell = grid.locator(f'.nsewdrag[data-subplot="x{subplot}y{subplot}"]')
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()

    assert_plot_changes(  # the explorer's plots: the heatmap and the lines change
        explorer,
        lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2),
    )

    title = f"cross attention · layer {layer} · head {head}"
    expect(heatmap.locator(".gtitle")).to_have_text(title, timeout=CHANGE_TIMEOUT_MS)
    clicked = grid.evaluate(
        f"(el) => JSON.stringify(el.data.find((t) => t.meta[0] === {layer} && t.meta[1] === "
        f"{head}).z, {_PLAIN})"
    )
    shown = heatmap.evaluate(f"(el) => JSON.stringify(el.data[0].z, {_PLAIN})")
    assert json.loads(shown) == json.loads(clicked)  # the clicked cell's matrix, in the heatmap
    page.mouse.move(5, 5)
    explorer.screenshot(path=ARTIFACTS / "jupyterlab-grid-click-heatmap.png")
    mouse.network.assert_offline()


def test_hovering_a_heatmap_row_focuses_the_lines_on_that_query(mouse: MousePage) -> None:
    page = mouse.page
    explorer = mouse.explorer(2)
    plots = explorer.locator(".js-plotly-plot")
    heatmap, lines = plots.nth(2), plots.nth(3)
    heatmap.scroll_into_view_if_needed()
    x, y = heatmap.evaluate(f"(el) => ({_CELL_JS})([el, 3, 1])")
    page.mouse.move(x, y)
    wait_for_lines(  # one query's lines
        lines, "(lines) => lines.length > 0 && new Set(lines.map((l) => l.split(',')[1])).size == 1"
    )
    assert {q for _, q, _ in drawn(lines)} == {3}  # the row under the mouse
    explorer.screenshot(path=ARTIFACTS / "jupyterlab-heatmap-row-hover-lines.png")
    page.mouse.move(5, 5)
    wait_for_lines(lines, "(lines) => new Set(lines.map((l) => l.split(',')[1])).size > 1")
    mouse.network.assert_offline()
