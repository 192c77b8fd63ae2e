"""Every explorer's output carries a PNG of its current state next to the live widget view,
so a saved notebook shows it where no widget can be drawn; ``export`` saves the state shown."""

from __future__ import annotations

import base64
import io
import json
import re
import warnings

import nbformat
import numpy as np
import plotly.graph_objects as go
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from PIL import Image

import viz_transformer as vt
from viz_transformer.pictures.common.static_output import HTML, PNG
from viz_transformer.pictures.common.static_output_switch import STATIC_OUTPUT
from viz_transformer.pictures.common.still_picture import still_png

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NOTES_PIXELS = 80  # the controls' line and the message under the figures
# for each explorer, a control whose change changes the picture
CONTROL = {
    "ArchitectureExplorer": "head",
    "AttentionExplorer": "head",
    "GenerationStepper": "layer",
    "HeadAblation": "positional",
    "LayerNormExplorer": "layer",
    "LinesExplorer": "layer",
    "LinkedAttentionExplorer": "head",
    "MaskExplorer": "head",
    "NeuronExplorer": "key",
    "PositionalEncodingExplorer": "d_model",
    "RolloutExplorer": "layer",
    "ScalingExplorer": "d_k",
    "TrainingScrubber": "snapshot",
}
EXPLORERS = sorted(name for name in vt.explorers.__all__ if name != "Explorer")


def _png(bundle: dict) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(bundle["image/png"]))).convert("RGB")


def _another_value(control):
    """A value of ``control`` other than its current one."""
    if isinstance(control.value, bool):
        return not control.value
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return next(v for v in values if v != control.value)
    return control.value + 1 if control.value < control.max else control.min


def test_every_explorer_is_covered() -> None:
    assert sorted(CONTROL) == EXPLORERS


@pytest.mark.parametrize("name", EXPLORERS)
def test_the_bundle_holds_the_view_and_a_picture_of_the_state(name: str) -> None:
    explorer = getattr(vt.explorers, name)()
    bundle = explorer._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == explorer.model_id
    before = _png(bundle)
    assert before.width >= 400 and before.height >= 300
    assert before.getcolors(maxcolors=8) is None  # more than 8 colours: drawn, not blank
    control = getattr(explorer, CONTROL[name])
    control.value = _another_value(control)  # a refused change would keep the old picture
    after = _png(explorer._repr_mimebundle_())
    crop = (0, 0, before.width, before.height - NOTES_PIXELS)  # the figures, not the notes
    assert before.size != after.size or before.crop(crop).tobytes() != after.crop(crop).tobytes()


@pytest.mark.parametrize(("switch", "pictures"), [(None, {PNG}), ("1", {PNG, HTML}), ("0", set())])
def test_the_switch_chooses_the_static_pictures(
    switch: str | None, pictures: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unset: the PNG for saved notebooks; 1 (the book): the HTML too; 0 (the classroom, whose
    pages all draw the widgets): none. The live view is always there."""
    if switch is None:
        monkeypatch.delenv(STATIC_OUTPUT, raising=False)
    else:
        monkeypatch.setenv(STATIC_OUTPUT, switch)
    bundle = vt.explorers.ScalingExplorer()._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert {PNG, HTML} & set(bundle) == pictures


def test_a_long_texts_overview_of_pooled_blocks_is_drawn() -> None:
    """Past 512 tokens the explorer shows an overview whose heatmap gives cell edges (n + 1
    of them), not centres, beside an exact window."""
    torch = pytest.importorskip("torch")
    from viz_transformer.tokenizers import CharTokenizer

    torch.manual_seed(0)
    letters = CharTokenizer("abcdefghijklmnopqrstuvwxyz")
    config = vt.TransformerConfig(src_vocab=letters.vocab_size, shape="encoder-only", d_model=32,
                                  n_heads=2, n_encoder_layers=1, d_ff=64, dropout=0.0, max_len=700)  # fmt: skip
    model = vt.Transformer(config).eval()
    explorer = vt.explorers.AttentionExplorer(
        (model, letters), text="abcdefghijklmnopqrstuvwxyz" * 25
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        picture = _png(explorer._repr_mimebundle_())
    assert picture.width >= 400


def test_a_heatmap_cell_has_its_colour_where_plotly_puts_it() -> None:
    """z[0][0] is drawn at the bottom left (plotly's y axis goes up), z[1][1] at the top right."""
    z = np.array([[0.0, 1.0], [0.5, 0.0]])
    heatmap = go.Heatmap(z=z, colorscale=[[0, "#000000"], [1, "#ffffff"]], showscale=False)
    margin = {"l": 0, "r": 0, "t": 0, "b": 0}
    figure = go.Figure(heatmap, {"width": 200, "height": 200, "margin": margin})
    pixels = np.asarray(Image.open(io.BytesIO(still_png([figure]))).convert("L"))
    assert pixels.shape == (200, 200)
    cells = {(0, 0): (150, 50), (0, 1): (150, 150), (1, 0): (50, 50), (1, 1): (50, 150)}
    for (row, column), (y, x) in cells.items():
        assert abs(int(pixels[y, x]) - 255 * z[row, column]) <= 2, (row, column)


def _exported_traces(path) -> list[dict]:
    """The traces of a figure saved by ``save_html``, numpy arrays decoded."""
    text = path.read_text(encoding="utf-8")
    start = re.search(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", text).end()
    traces, _ = json.JSONDecoder().raw_decode(text, start)
    return [{k: _array(v) for k, v in trace.items()} for trace in traces]


def _array(value):
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = [int(n) for n in str(value.get("shape", flat.size)).split(",")]
        return flat.reshape(shape)
    return value


def test_export_saves_the_selected_layer_and_head(tmp_path) -> None:
    explorer = vt.explorers.AttentionExplorer("reverse", text="attention2017")
    explorer.part.value = "cross"
    explorer.layer.value, explorer.head.value = 1, 2
    (path,) = explorer.export(tmp_path / "chosen")
    z = next(t["z"] for t in _exported_traces(path) if t.get("type") == "heatmap")
    expected = explorer.run.cache.attention("cross", layer=1, head=2).numpy()
    np.testing.assert_allclose(np.asarray(z, dtype=float), expected, atol=1e-6)
    other = explorer.run.cache.attention("cross", layer=0, head=2).numpy()
    assert not np.allclose(np.asarray(z, dtype=float), other, atol=1e-3)  # not the default


def test_export_saves_every_figure_shown_the_chosen_blocks_head_too(tmp_path) -> None:
    explorer = vt.explorers.ArchitectureExplorer("reverse", text="attention2017")
    block = "decoder.layers.1.cross_attn"
    explorer.block.value = block
    explorer.hook.value, explorer.head.value = f"{block}.hook_weights", 3
    paths = explorer.export(tmp_path / "chosen")
    assert [p.name for p in paths] == ["chosen.html", "chosen-tensor_figure.html"]
    z = next(t["z"] for t in _exported_traces(paths[1]) if t.get("type") == "heatmap")
    expected = explorer.run.cache[f"{block}.hook_weights"][0, 3].numpy()  # [query, key]
    np.testing.assert_allclose(np.asarray(z, dtype=float), expected, atol=1e-6)


def test_an_executed_notebook_keeps_the_picture_and_its_html_shows_it(tmp_path) -> None:
    code = "import viz_transformer as vt\nvt.explorers.ScalingExplorer(d_k=256)"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    # no widget state saved (as JupyterLab by default): no front end could draw the view
    NotebookClient(notebook, timeout=300, kernel_name="python3", store_widget_state=False).execute()
    path = tmp_path / "explorer.ipynb"
    nbformat.write(notebook, path)
    (output,) = nbformat.read(path, as_version=4).cells[0].outputs
    assert WIDGET_VIEW in output.data
    png = output.data["image/png"]
    assert Image.open(io.BytesIO(base64.b64decode(png))).width >= 400
    html, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    assert f"data:image/png;base64,{png}" in html.replace("\n", "")


def test_a_picture_that_fails_to_draw_is_a_warning_not_a_lost_widget(monkeypatch) -> None:
    from viz_transformer.pictures.common import static_output

    def broken(*_args):
        raise ValueError("no such trace type")

    monkeypatch.setattr(static_output, "still_png", broken)
    explorer = vt.explorers.ScalingExplorer()
    with pytest.warns(vt.VizTransformerWarning, match="no picture of this ScalingExplorer"):
        bundle = explorer._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == explorer.model_id
    assert "image/png" not in bundle
