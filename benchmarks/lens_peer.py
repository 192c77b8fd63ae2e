"""TransformerLens 3.9's HookedTransformer with the sizes of our decoder-only model.

Built from a HookedTransformerConfig with random weights: nothing is downloaded. GPT-shaped
like ours with ``norm="pre"``: learned positions, pre-norm LayerNorm blocks, a final
LayerNorm, ReLU. TransformerLens 4.x removed this class (it loads Hugging Face models by
name), so the peer is pinned below 4 in the ``bench`` extra.
"""

from __future__ import annotations

from viz_transformer import Transformer

INSTALL = "pip install -c constraints.txt -e '.[bench]'"


def lens_model(ours: Transformer, n_ctx: int):
    """A HookedTransformer of our decoder-only model's sizes, in eval mode."""
    from transformer_lens import HookedTransformer, HookedTransformerConfig

    c = ours.config
    config = HookedTransformerConfig(
        n_layers=c.n_decoder_layers, d_model=c.d_model, n_heads=c.n_heads, d_head=c.d_head,
        d_mlp=c.d_ff, d_vocab=c.src_vocab, n_ctx=n_ctx, act_fn=c.activation,
        normalization_type="LN", positional_embedding_type="standard", device="cpu", seed=0,
    )  # fmt: skip
    return HookedTransformer(config).eval()


def lens_version() -> str | None:
    """The installed TransformerLens version, or None when the peer is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("transformer-lens")
    except PackageNotFoundError:
        return None
