"""Capture memory: the estimate equals what a capture really holds (also for chosen heads),
float16 halves it, and a capture that cannot fit is refused before the (huge) forward pass
starts."""

from __future__ import annotations

import pytest
import torch

import viz_transformer as vt
from viz_transformer.hooks import memory
from viz_transformer.hooks.memory import estimate_capture_bytes


def _model(shape: str) -> vt.Transformer:
    config = vt.TransformerConfig(
        src_vocab=30, shape=shape, d_model=16, n_heads=2, n_encoder_layers=2,
        n_decoder_layers=2, d_ff=24, max_len=20_000, dropout=0.0,
    )  # fmt: skip
    return vt.Transformer(config)


def _inputs(shape: str, batch: int, src: int, tgt: int) -> tuple[torch.Tensor, ...]:
    source = torch.randint(4, 30, (batch, src))
    if shape == "encoder-decoder":
        return source, torch.randint(4, 30, (batch, tgt))
    return (source,)


@pytest.mark.parametrize("shape", ["encoder-decoder", "decoder-only", "encoder-only"])
@pytest.mark.parametrize("dtype", [None, torch.float16])
@pytest.mark.parametrize("heads", [None, [1], [1, 0]])
def test_estimate_equals_the_bytes_a_capture_holds(
    shape: str, dtype: torch.dtype | None, heads: list[int] | None
) -> None:
    model = _model(shape)
    cache = model.run_with_cache(*_inputs(shape, 3, 11, 6), dtype=dtype, heads=heads)
    sizes = {"batch": 3, "src": 11, "tgt": 6 if shape == "encoder-decoder" else 11}
    assert estimate_capture_bytes(model, list(cache), sizes, dtype, heads) == cache.nbytes


def test_float16_capture_halves_the_memory() -> None:
    model = _model("decoder-only")
    (ids,) = _inputs("decoder-only", 1, 9, 9)
    full = model.run_with_cache(ids)
    half = model.run_with_cache(ids, dtype=torch.float16)
    assert half.nbytes * 2 == full.nbytes
    assert half["head.hook_logits"].dtype == torch.float16


GIB = 2**30


@pytest.mark.parametrize("spare_gib", [8, 24, 40])
def test_capture_too_big_for_the_machine_is_refused_before_the_forward(
    monkeypatch: pytest.MonkeyPatch, spare_gib: int
) -> None:
    """The machine's free memory is an input here, so the test means the same on every host:
    16,000 + 16,000 tokens with every hook need about 34 GiB, more than 80 % of 40 GiB."""
    monkeypatch.setattr(memory, "available_memory_bytes", lambda: spare_gib * GIB)
    model = _model("encoder-decoder")
    lengths_seen: list[int] = []
    point = model.hook_point("encoder.embed.hook_out")
    handle = point.register_forward_hook(lambda m, a, out: lengths_seen.append(out.shape[1]))
    try:
        with pytest.raises(vt.VizTransformerError, match=r"GiB.*Capture less.*float16"):
            model.run_with_cache(*_inputs("encoder-decoder", 1, 16_000, 16_000))
    finally:
        handle.remove()
    assert 16_000 not in lengths_seen


def test_the_refusal_follows_the_memory_the_machine_has(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same 300-token capture runs with memory to spare and is refused without it."""
    model = _model("encoder-decoder")
    inputs = _inputs("encoder-decoder", 1, 300, 300)
    needed = model.run_with_cache(*inputs).nbytes
    monkeypatch.setattr(memory, "available_memory_bytes", lambda: int(needed / memory.HEADROOM) - 1)
    with pytest.raises(vt.VizTransformerError, match="GiB"):
        model.run_with_cache(*inputs)
    monkeypatch.setattr(memory, "available_memory_bytes", lambda: int(needed / memory.HEADROOM) + 1)
    assert model.run_with_cache(*inputs).nbytes == needed
