"""The scaling view's statistics match direct formulas (entropy and max by loops, the softmax
Jacobian in closed form diag(p) − ppᵀ), a trained-style head's come from the cache, and the
curves show the law: unscaled scores spread as √d_k and saturate softmax; scaled do not."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
import torch
from helpers import model_inputs, tiny_model

from viz_transformer import VizTransformerError
from viz_transformer.pictures.scaling.matplotlib import plot_scaling_curves, plot_softmax_examples
from viz_transformer.pictures.scaling.plotly import scaling_curves_figure, softmax_examples_figure
from viz_transformer.pictures.scaling.view import (
    STATISTICS,
    real_scaling,
    scaling_curves,
    softmax_examples,
    softmax_statistics,
    softmax_statistics_of_each,
)


def direct_statistics(rows: list[list[float]]) -> dict[str, float]:
    """The four statistics with math.exp/math.log loops and the closed-form Jacobian."""
    maxima, entropies, norms = [], [], []
    for row in rows:
        finite = [s for s in row if s != -math.inf]
        top = max(finite)
        exps = [math.exp(s - top) if s != -math.inf else 0.0 for s in row]
        p = [e / sum(exps) for e in exps]
        maxima.append(max(p))
        entropies.append(-sum(pi * math.log2(pi) for pi in p if pi > 0))
        jacobian = [
            [(p[i] if i == j else 0.0) - p[i] * p[j] for j in range(len(p))] for i in range(len(p))
        ]
        norms.append(math.sqrt(sum(v * v for line in jacobian for v in line)))
    finite = [s for row in rows for s in row if s != -math.inf]
    mean = sum(finite) / len(finite)
    std = math.sqrt(sum((s - mean) ** 2 for s in finite) / (len(finite) - 1))
    n = len(rows)
    return {
        "score_std": std,
        "max_weight": sum(maxima) / n,
        "entropy": sum(entropies) / n,
        "gradient_norm": sum(norms) / n,
    }


def test_statistics_match_direct_formulas():
    rows = [[0.5, -1.0, 2.0, 0.0], [3.0, -math.inf, 1.0, -2.0], [-math.inf] * 4]
    ours = softmax_statistics(torch.tensor(rows))
    expected = direct_statistics(rows[:2])  # the fully masked query is skipped
    for name in STATISTICS:
        assert ours[name] == pytest.approx(expected[name], rel=1e-9), name


def test_statistics_in_one_batch_equal_each_alone():
    """The curves take all their Jacobians in one batch: each tensor's statistics are the ones
    it has alone, bit for bit, whatever the other tensors' row counts and masks."""
    generator = torch.Generator().manual_seed(7)
    masked = torch.randn(3, 5, 6, generator=generator, dtype=torch.float64)
    masked[0, 1, 2:] = -math.inf
    masked[1, 4, :] = -math.inf  # a query with every key masked: skipped
    scores = [
        torch.randn(2, 6, generator=generator),
        masked,
        torch.randn(9, 6, generator=generator) * 30,
    ]
    together = softmax_statistics_of_each(scores)
    assert together == [softmax_statistics(each) for each in scores]


def test_curves_show_why_scaling_helps():
    curves = scaling_curves(d_ks=(4, 64, 1024), n_queries=128, seed=3)
    unscaled_std, scaled_std = curves.score_std
    np.testing.assert_allclose(unscaled_std, np.sqrt(curves.d_k), rtol=0.2)
    np.testing.assert_allclose(scaled_std, 1.0, rtol=0.2)
    unscaled, scaled = 0, 1
    assert curves.max_weight[unscaled, -1] > 0.9 > 0.5 > curves.max_weight[scaled, -1]
    assert curves.entropy[unscaled, -1] < 0.25 * curves.entropy[scaled, -1]
    assert curves.gradient_norm[unscaled, -1] < 0.5 * curves.gradient_norm[scaled, -1]
    assert (curves.entropy <= curves.max_entropy).all()
    again = scaling_curves(d_ks=(4, 64, 1024), n_queries=128, seed=3)
    np.testing.assert_array_equal(again.entropy, curves.entropy)  # seeded


def test_real_scaling_uses_the_cached_scores_of_the_head():
    model = tiny_model("encoder-only")
    inputs = model_inputs(model, [6, 4])
    cache = model.run_with_cache(*inputs, names=["*.hook_masked_scores", "*.hook_q"])
    curves = real_scaling(cache, "encoder", 1, 3, batch=1)
    scaled = cache["encoder.layers.1.self_attn.hook_masked_scores"][1, 3]
    d_k = model.config.d_head
    assert curves.d_k.tolist() == [d_k]
    for name in STATISTICS:
        expected_unscaled = direct_statistics((scaled * math.sqrt(d_k)).double().tolist())[name]
        expected_scaled = direct_statistics(scaled.double().tolist())[name]
        assert getattr(curves, name)[:, 0] == pytest.approx(
            [expected_unscaled, expected_scaled], rel=1e-6
        )


def test_real_scaling_names_the_missing_hook():
    model = tiny_model("encoder-only")
    cache = model.run_with_cache(*model_inputs(model, [4]), names="*.hook_masked_scores")
    with pytest.raises(VizTransformerError, match=r"encoder\.layers\.0\.self_attn\.hook_q"):
        real_scaling(cache, "encoder", 0, 0)
    with pytest.raises(VizTransformerError, match="layer 5 is out of range"):
        real_scaling(cache, "encoder", 5, 0)


def test_examples_are_softmax_rows_with_and_without_the_scale():
    examples = softmax_examples(d_ks=(4, 1024), n_keys=6, seed=1)
    np.testing.assert_allclose(examples.scaled.sum(axis=1), 1.0)
    np.testing.assert_allclose(examples.unscaled.sum(axis=1), 1.0)
    # softmax(s/√d) is softmax(s) with log-weights divided by √d, up to a constant per row
    for row, d in enumerate(examples.d_k):
        log_unscaled = np.log(examples.unscaled[row])
        log_scaled = np.log(examples.scaled[row])
        shift = log_unscaled / math.sqrt(d) - log_scaled
        np.testing.assert_allclose(shift, shift[0], atol=1e-9)


def test_renderers_hold_the_curves():
    import matplotlib.pyplot as plt

    curves = scaling_curves(d_ks=(4, 16), n_queries=16)
    overlay = scaling_curves(d_ks=(8,), n_queries=8, seed=1)
    axes = plot_scaling_curves(curves, overlay=overlay)
    figure = scaling_curves_figure(curves, overlay=overlay)
    try:
        for index, (ax, name) in enumerate(zip(axes, STATISTICS, strict=True)):
            lines = ax.get_lines()
            for variant in range(2):
                np.testing.assert_array_equal(
                    lines[variant].get_ydata(), getattr(curves, name)[variant]
                )
                np.testing.assert_array_equal(
                    lines[2 + variant].get_ydata(), getattr(overlay, name)[variant]
                )
                trace = figure.data[4 * index + variant]
                np.testing.assert_allclose(trace.y, getattr(curves, name)[variant])
    finally:
        plt.close("all")


def test_example_renderers_hold_the_weights():
    import matplotlib.pyplot as plt

    examples = softmax_examples(d_ks=(4, 64), n_keys=5)
    axes = plot_softmax_examples(examples)
    figure = softmax_examples_figure(examples)
    try:
        for index, values in enumerate((examples.unscaled, examples.scaled)):
            np.testing.assert_array_equal(axes[index].images[0].get_array(), values)
            np.testing.assert_allclose(np.asarray(figure.data[index].z), values, rtol=1e-6)
    finally:
        plt.close("all")


def test_the_statistics_do_not_import_torch_s_compiler() -> None:
    """The Jacobian comes from plain autograd: torch.func's jacrev would import torch._dynamo
    (about 2 CPU-seconds) in every kernel that shows the scaling pictures."""
    code = (
        "import sys, torch\n"
        "from viz_transformer.pictures.scaling.view import softmax_statistics\n"
        "softmax_statistics(torch.randn(4, 8))\n"
        "print('torch._dynamo' in sys.modules)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"
