"""Exploration that follows the mouse (issue 15), in the kernel: the plotly events a browser
sends (hover, unhover, click) are fed to the FigureWidget the way plotly's widget receives
them, and the figure's data are compared with the cache.

- LinesExplorer: hovering a token leaves only its lines, a click locks it, a second click or
  a click elsewhere unlocks, each selected head draws in its own colour, export saves the
  picture shown (a locked token included);
- LinkedAttentionExplorer: a click on a grid cell or on a detector map's cell shows that
  layer and head in the heatmap (its z is the cache's weights) and the lines; hovering a
  heatmap row focuses the lines on that query.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from helpers import tiny_char_model

from viz_transformer.pictures.common.theme import LIGHT
from viz_transformer.pictures.grid.explorer import LinkedAttentionExplorer
from viz_transformer.pictures.lines.explorer import LinesExplorer
from viz_transformer.pictures.lines.plotly import LEVELS

TEXT = "abcdef"


@pytest.fixture
def lines() -> LinesExplorer:
    return LinesExplorer(tiny_char_model(), text=TEXT)


@pytest.fixture
def linked() -> LinkedAttentionExplorer:
    return LinkedAttentionExplorer(tiny_char_model(), text=TEXT)


def send(figure, event: str, trace: int, point: int | list[int], xy=(0.0, 0.0)) -> None:
    """What plotly's widget does with a ``plotly_<event>`` message from the browser: the
    point's trace gets it, every other trace's callback is called with no point."""
    trace = trace % len(figure.data)
    points = {"xs": [xy[0]], "ys": [xy[1]], "point_indexes": [point], "trace_indexes": [trace]}
    figure._handler_js2py_pointsCallback({"new": {"event_type": f"plotly_{event}",
                                                  "points": points}})  # fmt: skip


QUERIES, KEYS, NET = -3, -2, -1  # the last traces of the explorable lines figure


def drawn_lines(figure) -> set[tuple[int, int, int]]:
    """(head, query, key) of every line the figure draws."""
    found = set()
    for trace in figure.data:
        if isinstance(trace.meta, int) and trace.customdata is not None:
            for q, k, _ in np.asarray(trace.customdata).reshape(-1, 3)[::3]:
                found.add((trace.meta, int(q), int(k)))
    return found


def expected_lines(cache, part: str, layer: int, heads, keep=lambda q, k: True) -> set:
    """The lines a figure should draw: weights that round to a visible opacity."""
    weights = cache.attention(part, layer).numpy()  # [head, query, key]
    return {
        (h, q, k)
        for h in heads
        for (q, k), w in np.ndenumerate(weights[h])
        if round(w * LEVELS) > 0 and keep(q, k)
    }


def test_hovering_a_query_shows_only_its_lines_and_leaving_shows_all(lines) -> None:
    cache, figure = lines.run.cache, lines.figure
    every = expected_lines(cache, "cross", 0, (0, 1))
    assert drawn_lines(figure) == every and len(every) > 10

    send(lines.figure, "hover", QUERIES, 2)

    assert lines.hovered == ("query", 2) and lines.figure is figure  # updated in place
    assert drawn_lines(figure) == expected_lines(cache, "cross", 0, (0, 1), lambda q, k: q == 2)
    colours = list(figure.data[QUERIES].textfont.color)
    assert colours[2] == LIGHT.foreground and set(colours[:2] + colours[3:]) == {LIGHT.masked}

    send(lines.figure, "unhover", QUERIES, 2)
    assert lines.hovered is None and drawn_lines(figure) == every
    assert set(figure.data[QUERIES].textfont.color) == {LIGHT.foreground}


def test_hovering_a_key_shows_the_lines_reaching_it(lines) -> None:
    send(lines.figure, "hover", KEYS, 1)
    kept = expected_lines(lines.run.cache, "cross", 0, (0, 1), lambda q, k: k == 1)
    assert drawn_lines(lines.figure) == kept and kept


def test_a_click_locks_a_token_until_clicked_again_or_elsewhere(lines) -> None:
    cache, figure = lines.run.cache, lines.figure
    only_3 = expected_lines(cache, "cross", 0, (0, 1), lambda q, k: q == 3)
    only_key_0 = expected_lines(cache, "cross", 0, (0, 1), lambda q, k: k == 0)
    every = expected_lines(cache, "cross", 0, (0, 1))

    send(figure, "hover", QUERIES, 3)
    send(figure, "click", QUERIES, 3)
    send(figure, "unhover", QUERIES, 3)
    assert lines.locked == ("query", 3) and drawn_lines(figure) == only_3  # stays locked
    send(figure, "hover", KEYS, 0)  # another token previews its lines...
    assert drawn_lines(figure) == only_key_0
    send(figure, "unhover", KEYS, 0)  # ...and the locked one comes back
    assert drawn_lines(figure) == only_3

    send(figure, "click", QUERIES, 3)  # the same token again: unlocked
    assert lines.locked is None and drawn_lines(figure) == every

    send(figure, "click", KEYS, 0)
    assert lines.locked == ("key", 0) and drawn_lines(figure) == only_key_0
    send(figure, "click", NET, 5)  # beside the tokens: unlocked
    assert lines.locked is None and drawn_lines(figure) == every
    lines.click("query", 1)
    line_trace = next(
        i for i, t in enumerate(figure.data) if isinstance(t.meta, int) and len(t.customdata)
    )
    send(figure, "click", line_trace, 0)  # a click on a line is elsewhere too
    assert lines.locked is None


def test_the_lock_survives_another_layer_and_heads(lines) -> None:
    lines.click("query", 4)
    lines.layer.value = 1
    lines.heads.value = (1,)
    expected = expected_lines(lines.run.cache, "cross", 1, (1,), lambda q, k: q == 4)
    assert drawn_lines(lines.figure) == expected and expected


def test_each_selected_head_draws_in_its_own_colour(lines) -> None:
    lines.heads.value = (1, 0)
    legend = [t for t in lines.figure.data if t.showlegend is not False and t.name]
    assert [t.name for t in legend] == ["head 0", "head 1"]
    for trace in lines.figure.data:
        if isinstance(trace.meta, int):
            assert trace.line.color == LIGHT.head_color(trace.meta)
    assert LIGHT.head_color(0) != LIGHT.head_color(1)
    assert lines.figure.layout.legend.itemclick is False  # the selector decides, not the legend


def _array(value) -> np.ndarray:
    """An array of plotly's JSON: a list, or its base64 form {dtype, bdata, shape}."""
    if isinstance(value, dict):
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return data.reshape([int(n) for n in str(value.get("shape", len(data))).split(",")])
    return np.asarray(value, dtype=object)


def test_export_saves_the_locked_tokens_lines(lines, tmp_path) -> None:
    lines.click("query", 2)
    (html,) = lines.export(tmp_path / "locked")
    text = html.read_text(encoding="utf-8")
    start = re.search(r'Plotly\.newPlot\(\s*"[^"]+",\s*', text).end()
    data, _ = json.JSONDecoder().raw_decode(text, start)
    rows = [_array(t["customdata"]).reshape(-1, 3) for t in data if isinstance(t.get("meta"), int)]
    assert {int(q) for row in rows for q in row[:, 0]} == {2}  # only the locked query's lines
    assert sum(len(row) for row in rows) == 3 * len(drawn_lines(lines.figure))
    assert list(data[QUERIES]["textfont"]["color"])[2] == LIGHT.foreground


def test_a_token_that_is_not_there_is_a_message(lines) -> None:
    lines.hover("query", 99)
    assert "query 99 is not a position" in lines.error


# -- LinkedAttentionExplorer ------------------------------------------------------------------


def grid_trace(explorer: LinkedAttentionExplorer, layer: int, head: int) -> int:
    return next(i for i, t in enumerate(explorer.grid_figure.data) if list(t.meta) == [layer, head])


def test_a_click_on_a_grid_cell_opens_that_layer_and_head(linked) -> None:
    cache = linked.run.cache
    assert (linked.layer.value, linked.head.value) == (0, 0)

    send(linked.grid_figure, "click", grid_trace(linked, 1, 1), [2, 3])

    assert (linked.layer.value, linked.head.value, linked.heads.value) == (1, 1, (1,))
    np.testing.assert_array_equal(
        linked.heatmap_figure.data[0].z, cache.attention("cross", 1, head=1).numpy()
    )
    assert drawn_lines(linked.figure) == expected_lines(cache, "cross", 1, (1,))
    assert linked.heatmap_figure.layout.title.text == "cross attention · layer 1 · head 1"


def test_a_click_on_a_detector_cell_opens_that_layer_and_head(linked) -> None:
    cache = linked.run.cache
    linked.part.value = "encoder"
    panels = {t.meta for t in linked.detector_figure.data}
    assert len(panels) == len(linked.detectors) >= 4  # self, previous, first, anti-diagonal
    last = next(i for i, t in enumerate(linked.detector_figure.data) if t.meta == max(panels))

    send(linked.detector_figure, "click", last, [1, 0])  # row: layer 1, column: head 0

    assert (linked.layer.value, linked.head.value) == (1, 0)
    np.testing.assert_array_equal(
        linked.heatmap_figure.data[0].z, cache.attention("encoder", 1, head=0).numpy()
    )


def test_hovering_a_heatmap_row_highlights_that_query_in_the_lines(linked) -> None:
    cache = linked.run.cache
    linked.open_head(1, 0)
    send(linked.heatmap_figure, "hover", 0, [4, 2])

    assert linked.hovered == ("query", 4)
    assert drawn_lines(linked.figure) == expected_lines(
        cache, "cross", 1, (0,), lambda q, k: q == 4
    )
    assert list(linked.figure.data[QUERIES].textfont.color)[4] == LIGHT.foreground
    send(linked.heatmap_figure, "unhover", 0, [4, 2])
    assert drawn_lines(linked.figure) == expected_lines(cache, "cross", 1, (0,))


def test_the_linked_explorer_runs_the_model_once_per_text(linked) -> None:
    send(linked.grid_figure, "click", grid_trace(linked, 0, 1), [0, 0])
    linked.part.value = "decoder"
    linked.layer.value = 1
    assert linked.model_runs == 1
    linked.text.value = "gfedcba"  # the untrained model's answer may be noted as cut
    assert linked.model_runs == 2 and (linked.layer.value, linked.head.value) == (1, 1)
    np.testing.assert_array_equal(
        linked.heatmap_figure.data[0].z, linked.run.cache.attention("decoder", 1, head=1).numpy()
    )
