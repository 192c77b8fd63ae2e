"""Law: the memory guard of ``run_with_cache`` sizes every input path before the forward
pass: ids as tensors, arrays or Python lists, the target by position or as ``tgt=``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import viz_transformer as vt
from viz_transformer.hooks import memory

GIB = 2**30


def _model(shape: str = "encoder-decoder") -> vt.Transformer:
    config = vt.TransformerConfig(
        src_vocab=30, shape=shape, d_model=16, n_heads=2, n_encoder_layers=1,
        n_decoder_layers=1, d_ff=24, max_len=20_000, dropout=0.0,
    )  # fmt: skip
    return vt.Transformer(config)


def _refused_before_the_forward(model: vt.Transformer, *inputs, **keywords) -> None:
    seen: list[int] = []  # lengths the logits had (the tiny probes that size hooks run too)
    point = model.hook_point("head.hook_logits")
    handle = point.register_forward_hook(lambda m, a, out: seen.append(out.shape[1]))
    try:
        with pytest.raises(vt.VizTransformerError, match=r"GiB.*Capture less"):
            model.run_with_cache(*inputs, **keywords)
    finally:
        handle.remove()
    assert 16_000 not in seen, "the forward pass ran before the refusal"


@pytest.fixture
def little_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "available_memory_bytes", lambda: 1 * GIB)


def test_python_lists_are_estimated(little_memory) -> None:
    model = _model("decoder-only")
    _refused_before_the_forward(model, [5] * 16_000)
    _refused_before_the_forward(model, [[5] * 16_000])
    _refused_before_the_forward(model, np.full((1, 16_000), 5))


def test_a_long_target_given_as_a_keyword_is_estimated_from_the_target(little_memory) -> None:
    model = _model()
    short_source = torch.full((1, 4), 5)
    _refused_before_the_forward(model, short_source, tgt=torch.full((1, 16_000), 5))
    _refused_before_the_forward(model, ids=[5] * 4, tgt=[5] * 16_000)


def test_the_estimate_reads_the_keyword_target_size(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _model()
    seen: list[dict] = []
    real = memory.estimate_capture_bytes
    monkeypatch.setattr(
        memory,
        "estimate_capture_bytes",
        lambda m, n, sizes, *a: seen.append(sizes) or real(m, n, sizes, *a),
    )
    model.run_with_cache([5] * 300, tgt=[5] * 260, names="*.hook_weights")
    assert seen == [{"batch": 1, "src": 300, "tgt": 260}]


def test_a_ragged_list_batch_is_refused_plainly() -> None:
    model = _model("decoder-only")
    with pytest.raises(vt.VizTransformerError, match=r"ragged.*\[3, 1\].*pad"):
        model.run_with_cache([[5, 6, 7], [5]])
