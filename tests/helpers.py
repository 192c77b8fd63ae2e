"""Shared builders for the tests: tiny models, padded id batches, and torch reference modules.

The reference modules (``torch.nn.MultiheadAttention``, ``TransformerEncoderLayer``,
``TransformerDecoderLayer``) are filled with copies of our weights, so a test compares our
computation against torch's own implementation of the same formulas.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from viz_transformer import Transformer, TransformerConfig
from viz_transformer.model.attention import MultiHeadAttention
from viz_transformer.model.block import TransformerBlock
from viz_transformer.tokenizers import CharTokenizer

SHAPES = ("encoder-decoder", "decoder-only", "encoder-only")
FIRST_REAL_ID = 4  # ids 0-3 are <pad> <bos> <eos> <unk>


def tiny_config(**overrides) -> TransformerConfig:
    """A model small enough to run hundreds of times in a test: d_model 16, 4 heads, 2 layers."""
    options = dict(
        src_vocab=13,
        tgt_vocab=11,
        d_model=16,
        n_heads=4,
        n_encoder_layers=2,
        n_decoder_layers=2,
        d_ff=32,
        dropout=0.0,
        max_len=16,
    )
    options.update(overrides)
    return TransformerConfig(**options)


def tiny_model(shape: str = "encoder-decoder", seed: int = 0, **overrides) -> Transformer:
    """A tiny Transformer in eval mode whose LayerNorm γ and β are random too (not 1 and 0),
    so tests that copy them into a reference module check that they are used."""
    torch.manual_seed(seed)
    model = Transformer(tiny_config(shape=shape, **overrides))
    with torch.no_grad():
        for name, param in model.named_parameters():
            if ".ln" in name:
                param.copy_(torch.randn_like(param) * 0.5 + (1.0 if name.endswith("weight") else 0))
    return model.eval()


def random_ids(lengths: list[int], vocab: int, seed: int = 0, width: int | None = None) -> Tensor:
    """A right-padded batch [len(lengths), width]: row i has ``lengths[i]`` real ids, then <pad>."""
    width = max(lengths) if width is None else width
    gen = torch.Generator().manual_seed(seed)
    ids = torch.randint(FIRST_REAL_ID, vocab, (len(lengths), width), generator=gen)
    for row, length in enumerate(lengths):
        ids[row, length:] = 0
    return ids


def model_inputs(model: Transformer, lengths: list[int], seed: int = 0) -> tuple[Tensor, ...]:
    """Padded inputs for any shape: (src, tgt) for encoder-decoder, (ids,) otherwise."""
    c = model.config
    if c.shape == "encoder-decoder":
        tgt_lengths = [max(1, n - 1) for n in lengths]
        return (
            random_ids(lengths, c.src_vocab, seed),
            random_ids(tgt_lengths, c.target_vocab, seed + 1),
        )
    return (random_ids(lengths, c.src_vocab, seed),)


def head_input(model: Transformer, cache) -> Tensor:
    """What the output head reads: the last stack's final LayerNorm (pre-norm) or the last
    layer's residual stream (post-norm), from a cache holding every hook."""
    stack = "encoder" if model.config.shape == "encoder-only" else "decoder"
    if model.config.norm == "pre":
        return cache[f"{stack}.ln_final.hook_out"]
    last = len(model.get_submodule(stack).layers) - 1
    return cache[f"{stack}.layers.{last}.hook_resid_post"]


def torch_attention(ours: MultiHeadAttention) -> nn.MultiheadAttention:
    """torch's MultiheadAttention holding our W_Q, W_K, W_V (stacked as in_proj) and W_O."""
    d_model = ours.w_q.in_features
    ref = nn.MultiheadAttention(d_model, ours.n_heads, dropout=0.0, batch_first=True)
    ref = ref.to(ours.w_q.weight.dtype)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([ours.w_q.weight, ours.w_k.weight, ours.w_v.weight]))
        ref.in_proj_bias.copy_(torch.cat([ours.w_q.bias, ours.w_k.bias, ours.w_v.bias]))
        ref.out_proj.weight.copy_(ours.w_o.weight)
        ref.out_proj.bias.copy_(ours.w_o.bias)
    return ref.eval()


def _copy_layer_norm(ours, ref: nn.LayerNorm) -> None:
    ref.weight.copy_(ours.weight)
    ref.bias.copy_(ours.bias)


def _copy_ffn(ours: TransformerBlock, ref: nn.Module) -> None:
    ref.linear1.load_state_dict(ours.ffn.linear1.state_dict())
    ref.linear2.load_state_dict(ours.ffn.linear2.state_dict())


def torch_encoder_layer(ours: TransformerBlock, config: TransformerConfig) -> nn.Module:
    """torch's TransformerEncoderLayer with our block's weights (norm1 = ln1, norm2 = ln2)."""
    ref = nn.TransformerEncoderLayer(
        config.d_model,
        config.n_heads,
        config.d_ff,
        dropout=0.0,
        activation=config.activation,
        layer_norm_eps=config.layer_norm_eps,
        batch_first=True,
        norm_first=config.norm == "pre",
    ).to(ours.ln1.weight.dtype)
    with torch.no_grad():
        ref.self_attn.load_state_dict(torch_attention(ours.self_attn).state_dict())
        _copy_ffn(ours, ref)
        _copy_layer_norm(ours.ln1, ref.norm1)
        _copy_layer_norm(ours.ln2, ref.norm2)
    return ref.eval()


def torch_decoder_layer(ours: TransformerBlock, config: TransformerConfig) -> nn.Module:
    """torch's TransformerDecoderLayer with our block's weights (multihead_attn = cross_attn)."""
    ref = nn.TransformerDecoderLayer(
        config.d_model,
        config.n_heads,
        config.d_ff,
        dropout=0.0,
        activation=config.activation,
        layer_norm_eps=config.layer_norm_eps,
        batch_first=True,
        norm_first=config.norm == "pre",
    ).to(ours.ln1.weight.dtype)
    with torch.no_grad():
        ref.self_attn.load_state_dict(torch_attention(ours.self_attn).state_dict())
        ref.multihead_attn.load_state_dict(torch_attention(ours.cross_attn).state_dict())
        _copy_ffn(ours, ref)
        _copy_layer_norm(ours.ln1, ref.norm1)
        _copy_layer_norm(ours.ln2, ref.norm2)
        _copy_layer_norm(ours.ln3, ref.norm3)
    return ref.eval()


def torch_causal_mask(n: int) -> Tensor:
    """torch's convention, True = NOT allowed: the strict upper triangle (the future)."""
    return torch.ones(n, n, dtype=torch.bool).triu(diagonal=1)


def captured(point: nn.Module, store: dict, key: str):
    """Register a hook that saves what passes through ``point`` under ``store[key]``."""

    def save(module, args, output):
        store[key] = output.detach().clone()

    return point.register_forward_hook(save)


def all_hook_points(model: nn.Module):
    """Every HookPoint of ``model`` (to check that no hook is left behind)."""
    from viz_transformer import HookPoint

    return [m for m in model.modules() if isinstance(m, HookPoint)]


def tiny_char_model(max_len: int = 12) -> tuple[Transformer, CharTokenizer]:
    """An untrained encoder-decoder over "abcdefg" with its tokenizer, for widget tests."""
    torch.manual_seed(0)
    tokenizer = CharTokenizer("abcdefg")
    config = TransformerConfig(
        src_vocab=len(tokenizer), d_model=16, n_heads=2, n_encoder_layers=2,
        n_decoder_layers=2, d_ff=32, max_len=max_len, dropout=0.0,
    )  # fmt: skip
    return Transformer(config), tokenizer
