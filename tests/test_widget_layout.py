"""Every explorer fits JupyterLab's output area (about 848 px wide in a 1280 px window with the
file browser open): its figures are at most that wide, and its controls sit in one wrapping
row where no slider can be squeezed below a usable width nor a label cut short.

The browser test that found these (sliders 0–10 px wide, the mask pipeline's fourth panel cut
off) looks at the page; these check the same properties in the kernel, for each explorer as
the notebooks open it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest
import torch
from plotly.basewidget import BaseFigureWidget

from viz_transformer import Transformer, TransformerConfig
from viz_transformer.explorers import (
    ArchitectureExplorer,
    AttentionExplorer,
    GenerationStepper,
    HeadAblation,
    LayerNormExplorer,
    MaskExplorer,
    NeuronExplorer,
    PositionalEncodingExplorer,
    RolloutExplorer,
    ScalingExplorer,
    TrainingScrubber,
)
from viz_transformer.pictures.common.explorer import SLIDERS, Explorer, fit_width
from viz_transformer.tokenizers import CharTokenizer

OUTPUT_AREA = 848  # px: JupyterLab's output area, 1280 px window, file browser open
FIGURE_BOUND = 860


def _long_text_explorer() -> AttentionExplorer:
    """651 tokens, past the 512 drawn cell by cell: an overview and an exact window."""
    torch.manual_seed(0)
    letters = CharTokenizer("abcdefghijklmnopqrstuvwxyz")
    config = TransformerConfig(
        src_vocab=letters.vocab_size, shape="encoder-only", d_model=32, n_heads=2,
        n_encoder_layers=1, d_ff=64, dropout=0.0, max_len=700,
    )  # fmt: skip
    return AttentionExplorer(
        (Transformer(config).eval(), letters), text="abcdefghijklmnopqrstuvwxyz" * 25
    )


EXPLORERS: dict[str, Callable[[], Explorer]] = {  # as notebooks/*.ipynb open them
    "architecture": lambda: ArchitectureExplorer(
        "reverse", text="attention2017", block="decoder.layers.1.cross_attn"
    ),
    "attention": lambda: AttentionExplorer("reverse", text="attention2017"),
    "attention-long-text": _long_text_explorer,
    "mask": lambda: MaskExplorer("reverse", text="robot"),
    "generation": lambda: GenerationStepper("dates", text="November 21, 2026"),
    "positional": lambda: PositionalEncodingExplorer(dims="0, 1, 8, 9, 30, 31"),
    "layer-norm": lambda: LayerNormExplorer("dates", text="21 Nov 2026"),
    "training": lambda: TrainingScrubber("induction"),
    "ablation": lambda: HeadAblation("reverse", text="attention2017"),
    "scaling": lambda: ScalingExplorer(d_k=64, scaled=False),
    "neuron": lambda: NeuronExplorer("reverse", text="attention2017"),
    "rollout": lambda: RolloutExplorer("reverse", text="attention2017"),
}


@pytest.fixture(params=list(EXPLORERS), scope="module")
def explorer(request: pytest.FixtureRequest) -> Explorer:
    explorer = EXPLORERS[request.param]()
    assert explorer.error == ""
    return explorer


def _controls(box: widgets.Box) -> Iterator[widgets.Widget]:
    for child in box.children:
        if isinstance(child, widgets.Box):
            yield from _controls(child)
        else:
            yield child


def _px(value: str) -> int:
    assert value.endswith("px"), value
    return int(value[:-2])


def test_every_figure_fits_the_output_area(explorer: Explorer) -> None:
    figures = [child for child in explorer.children if isinstance(child, BaseFigureWidget)]
    assert figures
    for figure in figures:
        assert figure.layout.width is not None  # a fixed width, checked here, not the page's
        assert figure.layout.width <= FIGURE_BOUND


def test_controls_wrap_and_sliders_stay_usable(explorer: Explorer) -> None:
    assert explorer.children[0] is explorer.controls
    assert explorer.controls.layout.flex_flow == "row wrap"
    controls = list(_controls(explorer.controls))
    sliders = [c for c in controls if isinstance(c, SLIDERS)]
    for slider in sliders:
        assert _px(slider.layout.min_width) >= 260
    for control in controls:
        style = getattr(control, "style", None)
        if control.description and hasattr(style, "description_width"):
            assert style.description_width == "initial", control.description  # never cut
        width = control.layout.width
        if width is not None and width.endswith("px"):
            assert 3 * (_px(width) + 4) <= OUTPUT_AREA  # three to a line, margins included


def test_mask_pipeline_is_a_two_by_two_grid_in_the_widget() -> None:
    explorer = MaskExplorer("reverse", text="robot")
    layout = explorer.figure.layout
    assert layout.xaxis.domain == layout.xaxis3.domain  # S above S + M
    assert layout.yaxis.domain[0] > layout.yaxis3.domain[1]
    assert [t.text for t in layout.annotations][:4] == [
        "S = QKᵀ/√dₖ", "mask M", "S + M", "softmax(S + M)",
    ]  # fmt: skip
    for toggle in (c for c in _controls(explorer.controls) if isinstance(c, widgets.ToggleButtons)):
        assert toggle.layout.display == "flex"  # the label beside the buttons, not above them


def test_stepper_keeps_its_step_buttons_on_one_line() -> None:
    stepper = GenerationStepper("reverse", text="abc")
    (group,) = [c for c in stepper.controls.children if isinstance(c, widgets.HBox)]
    assert list(group.children) == [stepper.previous, stepper.play, stepper.next]
    assert group.layout.flex == "0 0 auto"


def test_window_sliders_hide_for_short_texts_and_show_for_long_ones() -> None:
    short, long = AttentionExplorer("reverse", text="attention2017"), _long_text_explorer()
    for slider in (short.window_query, short.window_key):
        assert slider.layout.display == "none"
    for slider in (long.window_query, long.window_key):
        assert slider.layout.display is None
        assert _px(slider.layout.min_width) >= 260


def test_fit_width_scales_a_wide_figure_down_and_leaves_a_narrow_one() -> None:
    wide = fit_width(go.Figure(layout={"width": 1280, "height": 440}), max_width=840)
    assert (wide.layout.width, wide.layout.height) == (840, round(440 * 840 / 1280))
    narrow = fit_width(go.Figure(layout={"width": 560, "height": 500}), max_width=840)
    assert (narrow.layout.width, narrow.layout.height) == (560, 500)
    free = fit_width(go.Figure(), max_width=840)
    assert free.layout.width is None
