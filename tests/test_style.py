"""The theme: colour scales, −∞ colour and legend, token-label policy, CJK fonts, sizes."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from viz_transformer import VizTransformerError
from viz_transformer.pictures.common import fonts as fonts_module
from viz_transformer.pictures.common.style import (
    DARK,
    LIGHT,
    MASKED_LABEL,
    color_scale,
    figure_size,
    find_cjk_font,
    heatmap,
    tick_plan,
)


def test_weights_are_viridis_on_a_fixed_0_to_1_scale():
    scale = color_scale(np.array([[0.2, 0.3]]), "weights")
    assert (scale.cmap, scale.vmin, scale.vmax) == ("viridis", 0.0, 1.0)


def test_scores_are_diverging_and_symmetric_about_0_ignoring_minus_infinity():
    scale = color_scale(np.array([[-np.inf, 2.0, -5.0]]), "scores")
    assert (scale.cmap, scale.vmin, scale.vmax) == ("RdBu_r", -5.0, 5.0)


def test_explicit_limits_and_map_win():
    scale = color_scale(np.zeros((2, 2)), "weights", cmap="cividis", vmax=0.5)
    assert (scale.cmap, scale.vmin, scale.vmax) == ("cividis", 0.0, 0.5)


def test_an_unknown_kind_is_refused():
    with pytest.raises(VizTransformerError, match="weights"):
        color_scale(np.zeros((2, 2)), "probabilities")


@pytest.mark.parametrize(("n", "labelled"), [(8, 8), (64, 64), (65, 33), (256, 64), (257, 0)])
def test_labels_all_up_to_64_thinned_to_256_none_beyond(n, labelled):
    plan = tick_plan(
        [str(i) for i in range(n)], axis_points=10_000, font_size=7, vertical_axis=True
    )
    assert len(plan.positions) == labelled


def test_small_cells_shrink_the_font_then_thin_and_wide_labels_turn():
    tokens = ["<bos>", *"山区公路积雪"] * 5
    plan = tick_plan(tokens, axis_points=100, font_size=7, vertical_axis=False)
    assert plan.font_size >= 4.5 and len(plan.positions) < len(tokens)
    assert plan.rotation == 90


def test_article_widths():
    assert figure_size("one-column")[0] == 3.5
    assert figure_size("two-column", aspect=0.5) == (7.2, 3.6)


def test_light_and_dark_themes_differ_and_masked_colour_is_neither_background():
    assert LIGHT.background != DARK.background
    assert LIGHT.masked not in (LIGHT.background, LIGHT.foreground)
    assert LIGHT.head_color(0) != LIGHT.head_color(1)


def test_minus_infinity_gets_its_own_colour_and_a_legend_label():
    data = np.array([[0.5, -np.inf], [0.1, 0.2]])
    ax = heatmap(data, kind="scores")
    image = ax.images[0]
    assert image.get_array().mask.tolist() == [[False, True], [False, False]]
    bad = image.get_cmap().get_bad()
    assert np.allclose(bad[:3], plt.matplotlib.colors.to_rgb(LIGHT.masked))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [MASKED_LABEL]
    assert image.colorbar is not None  # the scale is always shown
    plt.close(ax.figure)


def test_a_cjk_font_is_found_here_and_used_as_fallback_after_the_default():
    font = find_cjk_font()
    assert font is not None, "install fonts-noto-cjk (scripts/system-deps.sh)"
    assert fonts_module.font_family() == ["sans-serif", font]


def test_without_a_cjk_font_the_install_hint_is_given_once(monkeypatch):
    monkeypatch.setattr(fonts_module, "find_cjk_font", lambda: None)
    fonts_module._warn_no_cjk_font.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fonts_module.font_family() == ["sans-serif"]
        fonts_module.font_family()
    fonts_module._warn_no_cjk_font.cache_clear()
    hints = [w for w in caught if "apt-get install fonts-noto-cjk" in str(w.message)]
    assert len(hints) == 1
