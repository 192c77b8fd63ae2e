"""An untrained model must look untrained: its attention starts close to uniform.

With the embedding table on the positional encoding's scale (N(0, 1/d_model) times √d_model),
random queries and keys give scores of order one, so every query spreads its weight over
most of the keys. Measured over seeds 0–19 (d_model 64, 4 heads, 24 random ids, both norm
placements): mean max weight 0.072–0.080 per layer (worst 0.098; uniform is 1/24 ≈ 0.042),
normalised entropy ≥ 0.965. torch's default N(0, 1) table gave a mean max weight of 0.92 in
layer 0 and entropy 0.06: a sharp pattern that says nothing about Transformers.

The bounds leave room over those measurements and fail far below the old behaviour: a mean
max weight under 0.15 (about 3.6× uniform) and a normalised entropy over 0.9 (each query
spread over at least 24^0.9 ≈ 17 keys' worth of weight).
"""

from __future__ import annotations

import math

import pytest
import torch

from viz_transformer.model import Transformer, TransformerConfig

N_TOKENS = 24
MAX_WEIGHT_BOUND = 0.15
ENTROPY_BOUND = 0.9


def fresh_weights(seed: int, shape: str, norm: str) -> list[torch.Tensor]:
    """Every encoder self-attention layer's weights [batch, head, q, k] of a freshly built model."""
    torch.manual_seed(seed)
    layers = {"n_encoder_layers": 2, "n_decoder_layers": 2 if shape == "encoder-decoder" else 0}
    config = TransformerConfig(
        src_vocab=100, shape=shape, d_model=64, n_heads=4, d_ff=128, dropout=0.0,
        max_len=64, norm=norm, **layers,
    )  # fmt: skip
    model = Transformer(config).eval()
    ids = torch.randint(4, 100, (1, N_TOKENS))
    inputs = (ids, ids) if shape == "encoder-decoder" else (ids,)
    cache = model.run_with_cache(*inputs, names="encoder.*.self_attn.hook_weights")
    return [weights for _, weights in cache.items()]


@pytest.mark.parametrize("shape", ["encoder-only", "encoder-decoder"])
@pytest.mark.parametrize("norm", ["post", "pre"])
@pytest.mark.parametrize("seed", range(5))
def test_fresh_model_attends_nearly_uniformly(seed: int, shape: str, norm: str) -> None:
    for weights in fresh_weights(seed, shape, norm):
        mean_max = weights.max(dim=-1).values.mean().item()
        entropy = -(weights * weights.clamp_min(1e-30).log()).sum(-1).mean().item()
        assert mean_max < MAX_WEIGHT_BOUND, (
            f"attention too sharp for an untrained model: {mean_max:.3f}"
        )
        assert entropy / math.log(N_TOKENS) > ENTROPY_BOUND


def test_embeddings_start_on_the_positional_scale() -> None:
    torch.manual_seed(0)
    config = TransformerConfig(src_vocab=500, shape="encoder-only", d_model=64, n_heads=4,
                               n_encoder_layers=1, n_decoder_layers=0)  # fmt: skip
    model = Transformer(config)
    ids = torch.arange(4, 500).unsqueeze(0)
    embedded = model.run_with_cache(ids, names="encoder.embed.hook_out")["encoder.embed.hook_out"]
    # each entry of E[x]·√d_model has unit variance, as the sinusoids' entries do (|PE| ≤ 1)
    assert embedded.std().item() == pytest.approx(1.0, rel=0.05)
    assert model.encoder.embed.table.weight[config.pad_id].abs().max().item() == 0.0
