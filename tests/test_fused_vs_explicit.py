"""Law: capture is opt-in and does not change the answer.

With nothing captured, attention runs through torch's fused ``scaled_dot_product_attention``;
with weights captured it runs the explicit softmax(QKᵀ/√d_k)V. Both give the same model
output (atol 1e-5) for all three shapes, post- and pre-norm, on padded batches; and the fused
kernel is called exactly when no attention tensor is asked for.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from helpers import SHAPES, model_inputs, tiny_model

LENGTHS = [7, 3, 5]


@pytest.fixture
def sdpa_calls(monkeypatch):
    """Count calls of torch's fused attention kernel."""
    calls = []
    fused = F.scaled_dot_product_attention

    def counting(*args, **kwargs):
        calls.append(1)
        return fused(*args, **kwargs)

    monkeypatch.setattr(F, "scaled_dot_product_attention", counting)
    return calls


@pytest.mark.parametrize("norm", ["post", "pre"])
@pytest.mark.parametrize("shape", SHAPES)
def test_fused_and_explicit_paths_agree(shape, norm, sdpa_calls):
    model = tiny_model(shape, seed=13, norm=norm)
    inputs = model_inputs(model, LENGTHS)
    with torch.no_grad():
        fused = model(*inputs)
    n_attention = sum(1 for name in model.hook_names if name.endswith(".hook_weights"))
    assert len(sdpa_calls) == n_attention
    sdpa_calls.clear()
    explicit = model.run_with_cache(*inputs, names="*.hook_weights").output
    assert len(sdpa_calls) == 0
    torch.testing.assert_close(explicit, fused, atol=1e-5, rtol=0)


def test_capturing_only_q_keeps_the_fused_path(sdpa_calls):
    model = tiny_model("encoder-only", seed=14)
    inputs = model_inputs(model, LENGTHS)
    cache = model.run_with_cache(*inputs, names="*.hook_q")
    assert len(sdpa_calls) == model.config.n_encoder_layers
    assert set(cache) == {f"encoder.layers.{i}.self_attn.hook_q" for i in range(2)}


def test_left_padded_decoder_batch_agrees():
    """Left padding makes whole query rows masked under the causal mask: no NaN on either path."""
    model = tiny_model("decoder-only", seed=15)
    ids = model_inputs(model, [6, 6])[0]
    ids[1, :2] = 0
    with torch.no_grad():
        fused = model(ids)
    explicit = model.run_with_cache(ids, names="*.hook_weights").output
    assert torch.isfinite(fused).all() and torch.isfinite(explicit).all()
    torch.testing.assert_close(explicit, fused, atol=1e-5, rtol=0)
