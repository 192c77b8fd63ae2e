"""The explorers react in a real JupyterLab: another head, another mask kind, the next
decoding step, a zoom on a long text and a click on a block of the architecture map, done in
the page, redraw that explorer's plot in the browser (its data and its title), within a
bounded wait.

One notebook run serves every check (``fixtures/explorers.ipynb``, one explorer per cell);
each check watches only its own explorer's output area, so a redraw elsewhere cannot pass it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import ARTIFACTS
from .controls import CHANGE_TIMEOUT_MS, assert_plot_changes, choose, click, control, plot_state
from .fixture_page import ran_fixture
from .network import NetworkLog
from .servers import Server

NOTEBOOK = Path(__file__).parent / "fixtures" / "explorers.ipynb"
ARCHITECTURE_BLOCK = "decoder.layers.1.cross_attn"


@dataclass
class ExplorerPage:
    """The fixture notebook, run once in JupyterLab, and the requests its page made."""

    page: Page
    network: NetworkLog

    def output_holding(self, marker: Locator, without: Locator | None = None) -> Locator:
        """The one output area holding ``marker`` (a control only that explorer has), and not
        ``without``."""
        outputs = self.page.locator(".jp-OutputArea-output").filter(has=marker, has_not=without)
        expect(outputs).to_have_count(1)
        return outputs


@pytest.fixture(scope="module")
def explorers(browser: Browser, lab_server: Server) -> Iterator[ExplorerPage]:
    """The explorers run in one JupyterLab page (a notebook run for each check would
    triple the time); the page is saved after the checks, as they left it."""
    with ran_fixture(browser, lab_server, NOTEBOOK, "jupyterlab-fixture-explorers.png") as run:
        yield ExplorerPage(*run)


def traces(state: str) -> list[dict]:
    """The traces of the one plotly graph in a :func:`controls.plot_state` string."""
    (plot,) = json.loads(state)["plots"]
    return json.loads(plot)


def expect_title(scope: Locator, title: str | re.Pattern[str]) -> None:
    """The plot's title, as plotly.js drew it (it redraws the title after the data)."""
    expect(scope.locator(".gtitle")).to_have_text(title, timeout=CHANGE_TIMEOUT_MS)


def short_text_attention_explorer(explorers: ExplorerPage) -> Locator:
    """The AttentionExplorer of the short text (the long one shows its window sliders)."""
    page = explorers.page
    long_text_controls = page.locator(".widget-label", has_text="from query").locator(
        "visible=true"
    )
    return explorers.output_holding(
        page.locator(".widget-label", has_text="colours"), without=long_text_controls
    )


def test_attention_explorer_shows_the_head_chosen_in_the_page(explorers: ExplorerPage) -> None:
    explorer = short_text_attention_explorer(explorers)
    expect_title(explorer, "cross attention · layer 0 · head 0")
    before = traces(plot_state(explorer))

    after = traces(assert_plot_changes(explorer, lambda: choose(explorer, "head", "2")))

    expect_title(explorer, "cross attention · layer 0 · head 2")
    # same tokens on both axes, other weights: only the matrix changed
    assert [(t["x"], t["y"]) for t in after] == [(t["x"], t["y"]) for t in before]
    assert json.dumps(after[0]["z"]) != json.dumps(before[0]["z"])
    explorers.network.assert_offline()


def test_hovering_a_cell_outlines_its_row_and_column(explorers: ExplorerPage) -> None:
    """The hover travels browser → kernel (plotly's points callback) and the outline comes
    back as two shapes: the round trip every Python callback of a figure depends on."""
    explorer = short_text_attention_explorer(explorers)
    shapes = explorer.locator(".shapelayer path")
    expect(shapes).to_have_count(0)
    cells = explorer.locator(".nsewdrag").first
    cells.scroll_into_view_if_needed()
    box = cells.bounding_box()
    explorers.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(shapes).to_have_count(2, timeout=CHANGE_TIMEOUT_MS)
    explorers.network.assert_offline()


def test_mask_explorer_shows_the_mask_kind_chosen_in_the_page(explorers: ExplorerPage) -> None:
    page = explorers.page
    explorer = explorers.output_holding(page.locator(".widget-toggle-buttons"))
    expect_title(explorer, re.compile(r"^encoder attention, .* mask: padding$"))
    before = traces(plot_state(explorer))
    assert any("<pad>" in key for key in before[0]["x"]), "the padding mask shows no <pad> key"

    after = traces(assert_plot_changes(explorer, lambda: click(explorer, re.compile(r"^causal$"))))

    expect_title(explorer, re.compile(r"^decoder attention, .* mask: causal$"))
    # the decoder reads the model's answer (no padding with this kind): other keys
    assert not any("<pad>" in key for key in after[0]["x"])
    assert after[0]["x"][0].endswith("<bos>")
    explorers.network.assert_offline()


def test_generation_stepper_advances_a_step_when_next_is_pressed(explorers: ExplorerPage) -> None:
    page = explorers.page
    stepper = explorers.output_holding(page.locator("button", has_text="next"))
    expect_title(stepper, re.compile(r"^step 1 of \d+: writes "))
    before = traces(plot_state(stepper))

    after = traces(assert_plot_changes(stepper, lambda: click(stepper, "next")))

    expect_title(stepper, re.compile(r"^step 2 of \d+: writes "))
    expect(control(stepper, "slider", "step").locator(".widget-readout")).to_have_text("1")
    # the decoder's input grew by the token written at step 1: one query row more
    assert len(after[0]["y"]) == len(before[0]["y"]) + 1
    assert after[0]["y"][:-1] == before[0]["y"]
    explorers.network.assert_offline()


def test_zooming_a_long_texts_overview_moves_the_exact_window_there(
    explorers: ExplorerPage,
) -> None:
    page = explorers.page
    long_text_controls = page.locator(".widget-label", has_text="from query").locator(
        "visible=true"
    )
    explorer = explorers.output_holding(long_text_controls)
    window_title = explorer.locator(".annotation-text").filter(has_text="exact:")
    expect(window_title).to_have_text("exact: queries 0–31, keys 0–31")

    overview = explorer.locator(".nsewdrag").first  # plotly's drag surface of the first subplot
    overview.scroll_into_view_if_needed()  # the mouse reaches only what is on screen
    box = overview.bounding_box()
    start, end = (box["x"] + 0.45 * box["width"], box["y"] + 0.45 * box["height"]), (
        box["x"] + 0.65 * box["width"], box["y"] + 0.65 * box["height"])  # fmt: skip

    def zoom() -> None:
        page.mouse.move(*start)
        page.mouse.down()
        page.mouse.move(*end, steps=8)
        page.mouse.up()

    assert_plot_changes(explorer, zoom)
    # the zoomed region's centre is 55 % of the way along both axes of 651 positions
    expect(window_title).to_have_text(re.compile(r"^exact: queries \d+–\d+, keys \d+–\d+$"))
    query_start, key_start = map(int, re.findall(r"(\d+)–", window_title.text_content()))
    for start_position in (query_start, key_start):
        assert abs(start_position + 16 - 0.55 * 651) < 0.05 * 651
    # and the overview stays zoomed where the user zoomed (about 20 % of each axis)
    spans = explorer.locator(".js-plotly-plot").first.evaluate(
        "el => [el._fullLayout.xaxis.range, el._fullLayout.yaxis.range]"
        ".map(([a, b]) => Math.abs(b - a))"
    )
    assert all(span < 0.4 * 651 for span in spans), spans
    explorers.network.assert_offline()


def test_clicking_a_block_of_the_map_shows_its_tensor(explorers: ExplorerPage) -> None:
    """A mouse click on a block's box (a bar of the map's plotly graph) travels to the kernel,
    selects that block, and the tensor drawn under the map becomes that block's."""
    page, network = explorers.page, explorers.network
    explorer = explorers.output_holding(page.locator(".widget-label", has_text="block"))
    plots = explorer.locator(".js-plotly-plot")
    expect(plots).to_have_count(2)  # the map, then the selected block's tensor
    the_map, tensor = plots.nth(0), plots.nth(1)
    expect(tensor.locator(".gtitle")).to_contain_text("encoder.layers.0.self_attn.hook_weights")
    paths = the_map.evaluate("el => Array.from(el.data[0].customdata)")
    index = paths.index(ARCHITECTURE_BLOCK)
    before = tensor.evaluate("el => JSON.stringify(el.data[0].y)")

    box = the_map.locator(".trace.bars .point").nth(index)  # plotly draws bars in data order
    box.scroll_into_view_if_needed()  # the mouse reaches only what is on screen
    bounds = box.bounding_box()
    click = (bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    assert_plot_changes(explorer, lambda: page.mouse.click(*click))

    title = f"{ARCHITECTURE_BLOCK}.hook_weights · head 0 of [1, 4, 14, 14]"
    expect(tensor.locator(".gtitle")).to_have_text(title, timeout=CHANGE_TIMEOUT_MS)
    expect(control(explorer, "dropdown", "block").locator("select")).to_have_value(
        ARCHITECTURE_BLOCK
    )
    # cross-attention: the rows are the 14 tokens the decoder wrote, not the encoder's
    after = tensor.evaluate("el => JSON.stringify(el.data[0].y)")
    assert after != before and len(json.loads(after)) == 14
    selected = the_map.evaluate("el => Array.from(el.data[0].marker.line.width)")
    assert selected.index(max(selected)) == index  # the map outlines the clicked block
    page.mouse.move(0, 0)  # the hover label off the map before the picture
    explorer.screenshot(path=ARTIFACTS / "jupyterlab-architecture-map-clicked.png")
    network.assert_offline()


def test_the_page_evaluates_plotly_s_widget_module_once(explorers: ExplorerPage) -> None:
    """Every plotly figure of the page shares one import of plotly's 5 MB widget module
    (``plotly_widget_once.js``); one import per figure took ~2 s each and left figures blank."""
    figures = explorers.page.locator(".jp-OutputArea-output .js-plotly-plot").count()
    imports = explorers.page.evaluate(
        "() => globalThis[Symbol.for('viz_transformer.plotly_widget_modules')].size"
    )
    assert figures >= 5 and imports == 1, (figures, imports)
