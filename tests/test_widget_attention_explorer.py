"""AttentionExplorer in the kernel: each control puts the right slice of the cache on screen,
only model or text changes run the model, and bad input is a message, not a traceback."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest
from helpers import tiny_char_model

from viz_transformer.errors import VizTransformerError
from viz_transformer.pictures.attention.explorer import AttentionExplorer


@pytest.fixture
def explorer() -> AttentionExplorer:
    return AttentionExplorer(tiny_char_model(), text="abcdef")


def _shown(explorer: AttentionExplorer) -> np.ndarray:
    return np.asarray(explorer.figure.data[0].z)


def test_part_layer_and_head_show_that_slice_of_the_cache(explorer: AttentionExplorer) -> None:
    cache = explorer.run.cache
    for part in ("encoder", "decoder", "cross"):
        for layer in (0, 1):
            for head in (0, 1):
                explorer.part.value, explorer.layer.value, explorer.head.value = part, layer, head
                expected = cache.attention(part, layer, head=head).numpy()
                np.testing.assert_allclose(_shown(explorer), expected, atol=1e-7)
    explorer.head.value = "mean"
    np.testing.assert_allclose(_shown(explorer), cache.attention("cross", 1).mean(0), atol=1e-6)
    explorer.head.value = "max"
    np.testing.assert_allclose(_shown(explorer), cache.attention("cross", 1).amax(0), atol=1e-7)


def test_axes_carry_the_tokens(explorer: AttentionExplorer) -> None:
    explorer.part.value = "encoder"
    labels = [label.split(" ", 1)[1] for label in explorer.figure.data[0].x]
    assert labels == [*"abcdef", "<eos>"]


def test_colour_map_restyles_without_running_the_model(explorer: AttentionExplorer) -> None:
    runs, data = explorer.model_runs, _shown(explorer).copy()
    explorer.cmap.value = "magma"
    assert explorer.model_runs == runs
    np.testing.assert_array_equal(_shown(explorer), data)
    assert explorer.figure.data[0].colorscale[0][1] == "#000004"  # magma's first colour
    explorer.head.value = 1
    assert explorer.model_runs == runs  # slicing is not running
    explorer.text.value = "gfedcba"
    assert explorer.model_runs == runs + 1


def test_hover_outlines_the_row_and_the_column(explorer: AttentionExplorer) -> None:
    explorer.part.value = "encoder"

    explorer._highlight(explorer.figure.data[0], SimpleNamespace(point_inds=[(2, 4)]), None)
    row, column = explorer.figure.layout.shapes
    assert (row.y0, row.y1) == (1.5, 2.5) and (column.x0, column.x1) == (3.5, 4.5)


def test_bad_input_is_a_message_and_unknown_characters_a_note(explorer: AttentionExplorer) -> None:
    shown = _shown(explorer).copy()
    explorer.text.value = ""
    assert "empty" in explorer.error
    np.testing.assert_array_equal(_shown(explorer), shown)
    explorer.head.value = 1  # a slice of the old text must not pass for the refused one
    assert "empty" in explorer.error
    np.testing.assert_array_equal(_shown(explorer), shown)
    explorer.text.value = "abz"
    assert "<unk>: z" in explorer.error
    explorer.part.value = "encoder"
    assert explorer.figure.data[0].y[2] == "2 <unk>"


def test_export_saves_the_picture_now_shown(explorer: AttentionExplorer, tmp_path) -> None:
    explorer.part.value, explorer.head.value = "encoder", 1
    (html,) = explorer.export(tmp_path / "head1")
    text = html.read_text(encoding="utf-8")
    assert html.name == "head1.html" and "<script src=" not in text  # offline: plotly.js inside
    assert json.dumps(explorer.figure.layout.title.text)[1:-1] in text  # the head shown now


def test_a_refused_first_text_leaves_no_figure_until_a_good_one() -> None:
    """No empty FigureWidget stands in for the first picture (each carries plotly's 5 MB
    script to the browser); controls and export explain themselves until a text is drawn."""
    explorer = AttentionExplorer(tiny_char_model(), text="")
    assert "empty" in explorer.error
    assert not isinstance(explorer.figure, go.FigureWidget)
    explorer.cmap.value = "magma"  # nothing to restyle: no error
    with pytest.raises(VizTransformerError, match="nothing is drawn yet"):
        explorer.export("never-written")
    explorer.text.value = "abc"  # drawn; the untrained model's answer may be noted as cut
    assert "empty" not in explorer.error and isinstance(explorer.figure, go.FigureWidget)
    assert explorer.figure in explorer.children
