"""The mask pictures hold the view's numbers: each matplotlib image and each plotly trace is
a panel's matrix, −∞ cells drawn apart (masked pixels / their own trace) and labelled."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import model_inputs, tiny_model

from viz_transformer.pictures.common.panels_plotly import panel_traces
from viz_transformer.pictures.common.style import MASKED_LABEL
from viz_transformer.pictures.masks.matplotlib import plot_mask_pipeline
from viz_transformer.pictures.masks.plotly import mask_pipeline_figure
from viz_transformer.pictures.masks.view import mask_pipeline


@pytest.fixture(scope="module")
def view():
    """A causal + padding pipeline: it has −∞ cells and zero weights to draw."""
    model = tiny_model("decoder-only")
    inputs = model_inputs(model, [5, 3])
    cache = model.run_with_cache(*inputs, names="*attn.hook_*")
    return mask_pipeline(cache, inputs, "decoder", 1, 1, batch=1, query_tokens=list("abcde"))


def test_matplotlib_images_are_the_panels(view):
    axes = plot_mask_pipeline(view)
    try:
        for ax, panel in zip(axes, view.panels, strict=True):
            image = ax.images[0].get_array()
            masked = np.isneginf(panel.values)
            np.testing.assert_array_equal(np.ma.getmaskarray(image), masked)
            np.testing.assert_array_equal(image.data[~masked], panel.values[~masked])
            assert ax.get_title() == panel.title
            shown = [t.get_text() for t in ax.get_yticklabels() if t.get_visible()]
            assert shown == (list("abcde") if ax is axes[0] else [])  # named once per row
        figure = axes[0].figure
        colorbars = [ax for ax in figure.axes if ax not in axes]
        assert sorted(cb.get_ylabel() for cb in colorbars) == ["score", "weight"]
        assert colorbars[-1].get_ylim() == (0.0, 1.0)  # weights on the fixed 0–1 scale
        assert all(ax.get_legend() is None for ax in axes)  # one legend, for the figure
        assert [t.get_text() for t in figure.legends[0].get_texts()] == [MASKED_LABEL]
        written = [t.get_text() for ax in axes for t in ax.texts]
        assert written.count("−∞") == 2 * int(np.isneginf(view.masked_scores).sum())
    finally:
        plt.close("all")


def test_matplotlib_draws_into_a_writers_axes(view):
    figure, axes = plt.subplots(2, 4)
    try:
        returned = plot_mask_pipeline(view, axes=axes[1])
        assert list(returned) == list(axes[1])
        assert all(not ax.images for ax in axes[0])
    finally:
        plt.close(figure)


def test_plotly_traces_are_the_panels(view):
    figure = mask_pipeline_figure(view)
    for index, panel in enumerate(view.panels):
        traces = panel_traces(figure, index)
        masked = np.isneginf(panel.values)
        values = np.asarray(traces[0].z, dtype=np.float64)
        np.testing.assert_array_equal(np.isnan(values), masked)
        np.testing.assert_allclose(values[~masked], panel.values[~masked], rtol=1e-6)
        if masked.any():
            assert traces[1].name == MASKED_LABEL
            np.testing.assert_array_equal(~np.isnan(np.asarray(traces[1].z)), masked)
    assert sum(bool(t.showlegend) for t in figure.data) == 1  # one "−∞ (masked)" entry
    assert sum(bool(t.showscale) for t in figure.data) == 2  # scores and weights bars
