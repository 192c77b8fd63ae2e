"""The architecture map reacts to a click in a real JupyterLab: a mouse click on a block's box
(a bar of the map's plotly graph) travels to the kernel, selects that block, and the tensor
drawn under the map becomes that block's (its data and its title change in the page)."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect

from .conftest import ARTIFACTS
from .controls import CHANGE_TIMEOUT_MS, assert_plot_changes, control
from .fixture_page import ran_fixture
from .servers import Server

NOTEBOOK = Path(__file__).parent / "fixtures" / "architecture.ipynb"
TARGET = "decoder.layers.1.cross_attn"


def test_clicking_a_block_shows_its_tensor(browser: Browser, lab_server: Server) -> None:
    screenshot = "jupyterlab-fixture-architecture.png"
    with ran_fixture(browser, lab_server, NOTEBOOK, screenshot) as (page, network):
        explorer = page.locator(".jp-OutputArea-output").filter(
            has=page.locator(".widget-label", has_text="block")
        )
        expect(explorer).to_have_count(1)
        plots = explorer.locator(".js-plotly-plot")
        expect(plots).to_have_count(2)  # the map, then the selected block's tensor
        the_map, tensor = plots.nth(0), plots.nth(1)
        expect(tensor.locator(".gtitle")).to_contain_text("encoder.layers.0.self_attn.hook_weights")
        paths = the_map.evaluate("el => Array.from(el.data[0].customdata)")
        index = paths.index(TARGET)
        before = tensor.evaluate("el => JSON.stringify(el.data[0].y)")

        box = the_map.locator(".trace.bars .point").nth(index)  # plotly draws bars in data order
        box.scroll_into_view_if_needed()  # the mouse reaches only what is on screen
        bounds = box.bounding_box()
        click = (bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
        assert_plot_changes(explorer, lambda: page.mouse.click(*click))

        title = f"{TARGET}.hook_weights · head 0 of [1, 4, 14, 14]"
        expect(tensor.locator(".gtitle")).to_have_text(title, timeout=CHANGE_TIMEOUT_MS)
        expect(control(explorer, "dropdown", "block").locator("select")).to_have_value(TARGET)
        # cross-attention: the rows are the 14 tokens the decoder wrote, not the encoder's
        after = tensor.evaluate("el => JSON.stringify(el.data[0].y)")
        assert after != before and len(json.loads(after)) == 14
        selected = the_map.evaluate("el => Array.from(el.data[0].marker.line.width)")
        assert selected.index(max(selected)) == index  # the map outlines the clicked block
        page.mouse.move(0, 0)  # the hover label off the map before the picture
        explorer.screenshot(path=ARTIFACTS / "jupyterlab-architecture-map-clicked.png")
        network.assert_offline()
