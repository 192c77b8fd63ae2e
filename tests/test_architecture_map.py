"""The architecture map is the model's own structure: for each shipped shape its blocks are the
model's modules, every hook it names exists in a real run and shows the shape that run
captured, and a selected block shows exactly that block's captured tensor."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from plotly.callbacks import InputDeviceState, Points

from viz_transformer import Transformer, TransformerConfig
from viz_transformer.explorers import ArchitectureExplorer
from viz_transformer.pictures.architecture.layout import map_layout, note_text
from viz_transformer.pictures.architecture.matplotlib import plot_architecture
from viz_transformer.pictures.architecture.plotly import SELECTED_LINE, architecture_figure
from viz_transformer.pictures.architecture.view import ArchitectureMap, architecture_map
from viz_transformer.runs import shipped_model
from viz_transformer.runs.text_run import TextRun, run_text

SHAPES = {  # shipped model: (its shape, a text in its vocabulary)
    "reverse": ("encoder-decoder", "attention2017"),
    "induction": ("decoder-only", "abcdabc"),
    "count": ("encoder-only", "aabba"),
}


@pytest.fixture(params=list(SHAPES), scope="module")
def mapped(request: pytest.FixtureRequest) -> tuple[str, ArchitectureMap, TextRun]:
    name = request.param
    model, tokenizer = shipped_model(name)
    run = run_text(model, tokenizer, SHAPES[name][1])  # every hook captured
    return name, architecture_map(model, run.cache), run


def test_the_map_has_the_models_stacks_layers_and_sublayers(mapped) -> None:
    name, view, _ = mapped
    model, _ = shipped_model(name)
    config = model.config
    assert view.shape == config.shape == SHAPES[name][0]
    stacks = [s for s, present in (("encoder", config.has_encoder), ("decoder", config.has_decoder))
              if present]  # fmt: skip
    assert list(view.stacks) == stacks
    for stack in stacks:
        column = view.column(stack)
        n_layers = len(getattr(model, stack).layers)
        assert {b.layer for b in column if b.layer is not None} == set(range(n_layers))
        self_attention = [b for b in column if b.kind == "attention" and b.part == stack]
        feed_forward = [b for b in column if b.kind == "feed-forward"]
        assert len(self_attention) == len(feed_forward) == n_layers
        # every sublayer has its norm and its residual sum (pre-norm: norm → sublayer → ⊕)
        sublayers = [b for b in column if b.kind in ("attention", "feed-forward")]
        assert len([b for b in column if b.adds_residual]) == len(sublayers)
        for block in sublayers:
            below, above = (view.column(stack)[block.row - 1], view.column(stack)[block.row + 1])
            assert below.kind == "norm" and below.layer == block.layer
            assert above.kind == "residual" and above.layer == block.layer
        assert [b.kind for b in column[:2]] == ["embedding", "positional"]
    cross = [b for b in view.blocks if b.part == "cross"]
    if config.shape == "encoder-decoder":
        assert len(cross) == config.n_decoder_layers
        assert [target for _, target in view.cross] == [b.path for b in cross]
        assert {source for source, _ in view.cross} == {view.column("encoder")[-1].path}
    else:
        assert cross == [] and view.cross == ()
    head = view.block("head")
    assert head.stack == stacks[-1] and head.row == view.column(stacks[-1])[-2].row + 1
    for block in view.blocks:
        if block.kind != "residual":  # a module of the model (a residual is a hook point)
            model.get_submodule(block.path)


def test_every_hook_on_the_map_exists_and_shows_the_captured_shape(mapped) -> None:
    name, view, run = mapped
    model, _ = shipped_model(name)
    assert sorted(view.hook_names) == sorted(model.hook_names)  # each hook once, none left out
    for block in view.blocks:
        assert block.shown in block.hooks
        for hook, shape in zip(block.hooks, block.shapes, strict=True):
            assert shape == tuple(run.cache[hook].shape), hook
    # what the figure writes beside each box: the shown hook and its captured shape
    figure = architecture_figure(view)
    bars, notes = figure.data
    assert list(bars.customdata) == [b.block.path for b in map_layout(view).boxes]
    for path, note in zip(bars.customdata, notes.text, strict=True):
        block = view.block(path)
        hook, shape = note.split(" ", 1)
        assert f"{block.stack}.{hook}" == block.shown or hook == block.shown
        assert shape == str(list(run.cache[block.shown].shape))
        assert note == note_text(block)


def test_the_figures_fit_and_the_matplotlib_map_draws_every_block(mapped) -> None:
    _, view, _ = mapped
    figure = architecture_figure(view, selected=view.blocks[3].path)
    assert figure.layout.width <= 840
    assert list(figure.data[0].marker.line.width).count(SELECTED_LINE) == 1
    ax = plot_architecture(view, selected=view.blocks[3].path)
    boxes = [p for p in ax.patches if p.get_gid()]
    assert [p.get_gid() for p in boxes] == [b.block.path for b in map_layout(view).boxes]
    texts = {t.get_text() for t in ax.texts}
    assert {note_text(b) for b in view.blocks} <= texts
    plt.close(ax.figure)


def test_a_post_norm_model_draws_add_and_norm_after_each_sublayer() -> None:
    """LN(x + Sublayer(x)): the sublayer, then one block adding the skip and normalising."""
    config = TransformerConfig(src_vocab=20, d_model=16, n_heads=2, n_encoder_layers=1,
                               n_decoder_layers=1, d_ff=32, norm="post", max_len=20)  # fmt: skip
    model = Transformer(config)
    cache = model.run_with_cache(torch.tensor([[3, 4, 5]]), torch.tensor([[1, 6]]))
    view = architecture_map(model, cache)
    assert not view.pre_norm
    assert sorted(view.hook_names) == sorted(model.hook_names)
    kinds = [b.kind for b in view.column("decoder")]
    assert kinds == ["embedding", "positional", "attention", "norm", "attention", "norm",
                     "feed-forward", "norm", "head"]  # fmt: skip
    assert [b.adds_residual for b in view.column("decoder")].count(True) == 3
    assert view.cross == (("encoder.layers.0.ln2", "decoder.layers.0.cross_attn"),)


@pytest.fixture(scope="module")
def explorer() -> ArchitectureExplorer:
    explorer = ArchitectureExplorer("reverse", text="attention2017")
    assert explorer.error == ""
    return explorer


def test_selecting_an_attention_block_shows_its_weights(explorer: ArchitectureExplorer) -> None:
    explorer.block.value = "decoder.layers.1.cross_attn"
    assert explorer.hook.value == "decoder.layers.1.cross_attn.hook_weights"
    explorer.head.value = 2
    weights = explorer.run.cache["decoder.layers.1.cross_attn.hook_weights"][0, 2].numpy()
    heatmap = explorer.tensor_figure.data[0]
    np.testing.assert_array_equal(heatmap.z, weights)
    queries, keys = explorer.run.tokens("cross")
    assert [label.split(" ", 1)[1] for label in heatmap.y] == queries
    assert [label.split(" ", 1)[1] for label in heatmap.x] == keys
    # the map outlines the block shown
    bars = explorer.figure.data[0]
    chosen = [p for p, w in zip(bars.customdata, bars.marker.line.width, strict=True)
              if w == SELECTED_LINE]  # fmt: skip
    assert chosen == ["decoder.layers.1.cross_attn"]


def test_selecting_other_blocks_shows_their_tensors(explorer: ArchitectureExplorer) -> None:
    explorer.block.value = "encoder.layers.0.ffn"
    assert explorer.head.layout.display == "none"  # not a per-head tensor
    np.testing.assert_array_equal(
        explorer.tensor_figure.data[0].z, explorer.run.cache["encoder.layers.0.ffn.hook_out"][0]
    )
    explorer.block.value = "decoder.layers.0.ln1"
    explorer.hook.value = "decoder.layers.0.ln1.hook_var"  # a per-token statistic: a line
    line = explorer.tensor_figure.data[0]
    assert line.type == "scatter"
    np.testing.assert_array_equal(line.y, explorer.run.cache["decoder.layers.0.ln1.hook_var"][0])


def test_a_click_on_a_box_selects_its_block(explorer: ArchitectureExplorer) -> None:
    bars = explorer.figure.data[0]
    index = list(bars.customdata).index("encoder.layers.1.self_attn")
    points = Points(point_inds=[index], xs=[bars.base[index]], ys=[bars.y[index]],
                    trace_name=bars.name, trace_index=0)  # fmt: skip
    bars._dispatch_on_click(points, InputDeviceState())
    assert explorer.block.value == "encoder.layers.1.self_attn"
    head = explorer.head.value
    np.testing.assert_array_equal(
        explorer.tensor_figure.data[0].z,
        explorer.run.cache["encoder.layers.1.self_attn.hook_weights"][0, head],
    )


def test_another_model_draws_its_own_shape(explorer: ArchitectureExplorer) -> None:
    runs = explorer.model_runs
    explorer.model.value = "count"
    explorer.text.value = "aabba"
    assert explorer.error == ""
    assert explorer.map.stacks == ("encoder",)
    assert all(path.startswith(("encoder.", "head")) for path in explorer.block.options)
    assert explorer.model_runs == runs + 2  # a model and a text: a run each, no more
    explorer.model.value = "reverse"
    explorer.text.value = "attention2017"
