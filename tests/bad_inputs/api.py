"""Bad inputs to the Python API: rows of the bad-input table (see ``tests/bad_inputs/__init__.py``)."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import warnings
from pathlib import Path

import torch

import viz_transformer as vt
from viz_transformer import TransformerConfig

from .case import BadInput


@functools.cache
def _shipped(name: str):
    """A shipped (model, tokenizer), loaded once for every row that reads it."""
    return vt.load_pretrained(name)


def _reverse_run(**options):
    """run_with_cache on the reverse model with a small valid source and target."""
    model, _ = _shipped("reverse")
    return model.run_with_cache(torch.tensor([[4, 5, 2]]), torch.tensor([[1, 5]]), **options)


def _hooked(fn):
    """One forward pass of the reverse model with ``fn`` at the encoder's first residual."""
    return _reverse_run(names=[], hooks=[("encoder.layers.0.hook_resid_post", fn)])


def _config(**bad):
    """A small valid config with ``bad`` settings on top."""
    return TransformerConfig(**{"src_vocab": 10, "d_model": 8, "n_heads": 2, **bad})


CONFIG = [
    BadInput(
        "d_model not divisible by n_heads",
        lambda _: TransformerConfig(src_vocab=10, d_model=10, n_heads=3),
        says="divisible",
    ),
    BadInput("layer_norm_eps 0", lambda _: _config(layer_norm_eps=0.0), says="layer_norm_eps.*NaN"),
    BadInput("layer_norm_eps negative", lambda _: _config(layer_norm_eps=-1e-5), says="positive"),
    BadInput("layer_norm_eps nan", lambda _: _config(layer_norm_eps=float("nan")), says="positive"),
    BadInput("negative layer count", lambda _: _config(n_encoder_layers=-1), says="0 or more"),
    BadInput("vocabulary 0", lambda _: _config(src_vocab=0), says="src_vocab must be at least 1"),
    BadInput(
        "target vocabulary 0", lambda _: _config(tgt_vocab=0), says="tgt_vocab must be at least 1"
    ),
    BadInput(
        "pad_id outside the vocabulary", lambda _: _config(pad_id=10), says="pad_id=10 is outside"
    ),
    BadInput("eos_id negative", lambda _: _config(eos_id=-1), says="eos_id must be 0 or more"),
    BadInput(
        "bos_id outside a small target vocabulary", lambda _: _config(tgt_vocab=1), says="bos_id=1"
    ),
    BadInput("float size", lambda _: _config(d_model=8.0), says="d_model must be a whole number"),
    BadInput(
        "bool as a size", lambda _: _config(n_heads=True), says="n_heads must be a whole number"
    ),
    BadInput("string as a size", lambda _: _config(max_len="64"), says="max_len must be a whole"),
    BadInput("dropout nan", lambda _: _config(dropout=float("nan")), says="dropout"),
    BadInput(
        "shape not a string", lambda _: _config(shape=["decoder-only"]), says="shape=.*not one of"
    ),
]

CAPTURE = [
    BadInput(
        "dtype an integer type", lambda _: _reverse_run(dtype=torch.int8), says="floating-point"
    ),
    BadInput(
        "dtype a misspelt name", lambda _: _reverse_run(dtype="float61"), says="'float61'.*float16"
    ),
    BadInput("names=123", lambda _: _reverse_run(names=123), says="names=123 is not a hook name"),
    BadInput("names a list of numbers", lambda _: _reverse_run(names=[0, 1]), says="names holds 0"),
    BadInput("heads=[9]", lambda _: _reverse_run(heads=[9]), says="head 9 is out of range"),
    BadInput(
        "ragged list batch",
        lambda _: _shipped("reverse")[0].run_with_cache([[4, 5, 2], [4]], [[1, 4]]),
        says="ragged.*pad",
    ),
    BadInput(
        "text instead of ids",
        lambda _: _shipped("reverse")[0].generate("attention"),
        says="got the text.*encode it first",
    ),
    BadInput(
        "a hook returns the wrong shape",
        lambda _: _hooked(lambda x, hook: x[:, :1]),
        says=r"'encoder.layers.0.hook_resid_post' returned .*shape \[1, 1, 64\].*shape \[1, 3, 64\]",
    ),
    BadInput(
        "a hook returns the wrong dtype",
        lambda _: _hooked(lambda x, hook: x.double()),
        says="torch.float64.*dtype torch.float32",
    ),
    BadInput(
        "a hook returns a number",
        lambda _: _hooked(lambda x, hook: 0),
        says="type int.*return None",
    ),
    BadInput(
        "hooks given as one pair",
        lambda _: _reverse_run(hooks=("encoder.layers.0.hook_resid_post", lambda x, h: None)),
        says="a list around it",
    ),
]


def _checkpoint(tmp: Path, edit=None, name: str = "reverse") -> Path:
    """A copy of a shipped checkpoint in ``tmp``, its JSON changed by ``edit(data)``."""
    from viz_transformer.pretrained import checkpoint_dir

    for suffix in (".safetensors", ".json"):
        shutil.copy(checkpoint_dir() / f"{name}{suffix}", tmp / f"{name}{suffix}")
    path = tmp / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if edit is not None:
        edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return tmp / f"{name}.safetensors"


def _load_edited(edit):
    """A row's act: load a shipped checkpoint copied into the row's folder and edited."""
    from viz_transformer.checkpoints import load_checkpoint

    return lambda tmp: load_checkpoint(_checkpoint(tmp, edit))


def _set(section: str | None, key, value):
    def edit(data):
        (data if section is None else data[section])[key] = value

    return edit


def _swap_specials(data):
    vocab = data["tokenizer"]["vocab"]
    vocab[0], vocab[1] = vocab[1], vocab[0]


def _load_without_checksum(tmp: Path):
    from viz_transformer.checkpoints import load_checkpoint

    path = _checkpoint(tmp, lambda data: data.pop("weights_sha256"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        return load_checkpoint(path)


def _files_unchanged(tmp: Path) -> None:
    """Loading never writes: the copied pair is still the shipped bytes."""
    from viz_transformer.pretrained import checkpoint_dir

    weights = (tmp / "reverse.safetensors").read_bytes()
    assert weights == (checkpoint_dir() / "reverse.safetensors").read_bytes()
    assert sorted(p.name for p in tmp.iterdir()) == ["reverse.json", "reverse.safetensors"]


def _load(path):
    from viz_transformer.checkpoints import load_checkpoint

    return lambda tmp: load_checkpoint(path if path is not None else tmp)


CHECKPOINTS = [
    BadInput("load_checkpoint('')", _load(""), says="needs the path of a checkpoint"),
    BadInput("load_checkpoint(123)", _load(123), says="got 123"),
    BadInput("load_checkpoint of a folder", _load(None), says="is a folder"),
    BadInput(
        "huge d_model in the JSON",
        _load_edited(_set("config", "d_model", 2**20)),
        says="GiB, more than",
        untouched=_files_unchanged,
    ),
    BadInput(
        "huge max_len in the JSON (a sinusoidal table has no weights to compare)",
        _load_edited(_set("config", "max_len", 10**10)),
        says="max_len=10000000000.*GiB",
    ),
    BadInput(
        "d_model of the JSON differs from the weights",
        _load_edited(_set("config", "d_model", 32)),
        says=r"shape \[40, 64\].*needs \[40, 32\]",
    ),
    BadInput(
        "n_heads of the JSON that no weights show is still checked",
        _load_edited(_set("config", "n_heads", 3)),
        says="divisible",
    ),
    BadInput("reordered vocabulary", _load_edited(_swap_specials), says="must be.*in this order"),
    BadInput(
        "duplicate vocabulary piece",
        _load_edited(lambda d: d["tokenizer"]["vocab"].__setitem__(5, "a")),
        says="'a' twice",
    ),
    BadInput(
        "non-string vocabulary piece",
        _load_edited(lambda d: d["tokenizer"]["vocab"].__setitem__(4, 7)),
        says="piece 4 is 7",
    ),
    BadInput("unknown format version", _load_edited(_set(None, "version", 2)), says="version 2"),
    BadInput("no format version", _load_edited(lambda d: d.pop("version")), says="version None"),
    BadInput(
        "checksum mismatch",
        _load_edited(_set(None, "weights_sha256", hashlib.sha256(b"other").hexdigest())),
        says="do not match the SHA-256",
        untouched=_files_unchanged,
    ),
    BadInput("malformed checksum", _load_edited(_set(None, "weights_sha256", "abc")), says="64"),
    BadInput(
        "missing checksum is reported",
        _load_without_checksum,
        says="reverse.json records no weights_sha256",
        error=vt.VizTransformerWarning,
    ),
]


def _generate(**options):
    model, tokenizer = _shipped("reverse")
    return model.generate(torch.tensor([tokenizer.encode("abc", add_eos=True)]), **options)


def _text(text, name: str = "reverse", **options):
    return lambda _: vt.generate_text(*_shipped(name), text, **options)


def _source_without_eos(_):
    model, tokenizer = _shipped("reverse")
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        model.generate(torch.tensor([tokenizer.encode("attention2017")]))


def _cut_by_the_table(_):
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        vt.run_text(*_shipped("induction"), "abcdefghij" * 3, max_new_tokens=5)


def _nan_model(_):
    model, tokenizer = vt.load_pretrained("reverse")  # a fresh copy: the cached one stays clean
    with torch.no_grad():
        model.decoder.layers[0].self_attn.w_q.weight[0, 0] = float("nan")
    return vt.generate_text(model, tokenizer, "abc")


GENERATION = [
    BadInput(
        "temperature nan", lambda _: _generate(temperature=float("nan")), says="temperature.*nan"
    ),
    BadInput(
        "temperature negative", lambda _: _generate(temperature=-1.0), says="temperature.*-1.0"
    ),
    BadInput(
        "temperature a string", lambda _: _generate(temperature="hot"), says="temperature.*'hot'"
    ),
    BadInput("top_k a float", lambda _: _generate(temperature=1.0, top_k=2.5), says="top_k.*2.5"),
    BadInput("top_k zero", lambda _: _generate(temperature=1.0, top_k=0), says="top_k.*got 0"),
    BadInput(
        "max_new_tokens a float", lambda _: _generate(max_new_tokens=2.5), says="max_new_tokens"
    ),
    BadInput(
        "encoder-only model asked to generate",
        lambda _: _shipped("count")[0].generate(torch.tensor([[1, 4, 5]])),
        says="does not generate",
    ),
    BadInput(
        "encoder-decoder source without <eos>",
        _source_without_eos,
        says="does not end with <eos>.*generate_text",
        error=vt.VizTransformerWarning,
    ),
    BadInput(
        "an output cut by the positional table",
        _cut_by_the_table,
        says="cut after 2 of 5 tokens.*max_len",
        error=vt.VizTransformerWarning,
    ),
    BadInput(
        "NaN weights in the text call",
        _nan_model,
        says="not finite.*'decoder.layers.0.self_attn.w_q.weight'",
    ),
    BadInput("empty text", _text(""), says="text is empty"),
    BadInput("text not a string", _text(2017), says="expected text"),
    BadInput("text longer than the positional table", _text("a" * 40), says="holds 18"),
    BadInput(
        "model and tokenizer swapped",
        lambda _: vt.generate_text(_shipped("reverse")[1], _shipped("reverse")[0], "abc"),
        says="expected a viz_transformer Transformer and its Tokenizer",
    ),
    BadInput(
        "run_text with a model tuple for a model",
        lambda _: vt.run_text(_shipped("reverse"), None, "abc"),
        says="got tuple and NoneType",
    ),
]


def _explorer(kind: str, model):
    def act(_):
        from viz_transformer import explorers

        return getattr(explorers, kind)(model=model)

    return act


def _mask_explorer_after_a_refused_run(_):
    from viz_transformer.explorers import MaskExplorer

    explorer = MaskExplorer("reverse", text="robot")
    explorer.padding.value = 8
    explorer.text.value = "abcdefghijkl"  # too long with 8 pads
    explorer.kind.value = "cross"
    explorer.layer.value = 1  # re-slices only
    raise vt.VizTransformerError(explorer.error)  # what the widget shows, as a row reads it


def _grouped_layers_of_two_shapes(_):
    from torch import nn

    from viz_transformer.adapters import group_by_part, record_attention

    model = nn.Module()
    model.layers = nn.ModuleList([nn.MultiheadAttention(8, 2, batch_first=True),
                                  nn.MultiheadAttention(8, 4, batch_first=True)])  # fmt: skip
    x = torch.randn(1, 3, 8)
    with torch.no_grad(), record_attention(model) as weights:
        for layer in model.layers:
            layer(x, x, x)
    return group_by_part(weights)


WIDGETS_AND_ADAPTERS = [
    BadInput(
        "explorer with an unknown model name",
        _explorer("AttentionExplorer", "nope"),
        says="no shipped model is called 'nope'",
    ),
    BadInput(
        "AttentionExplorer(model=(1, 2))",
        _explorer("AttentionExplorer", (1, 2)),
        says=r"\(1, 2\) is neither",
    ),
    BadInput(
        "AttentionExplorer(model=None)",
        _explorer("AttentionExplorer", None),
        says="None is neither",
    ),
    BadInput(
        "MaskExplorer on a decoder-only model",
        _explorer("MaskExplorer", "induction"),
        says="is decoder-only",
    ),
    BadInput(
        "MaskExplorer after a refused run, layer moved",
        _mask_explorer_after_a_refused_run,
        says="^source has 21 tokens but the positional table holds 18",
    ),
    BadInput(
        "adapter layers of different shapes",
        _grouped_layers_of_two_shapes,
        says=r"layer 0: \[1, 2, 3, 3\], layer 1: \[1, 4, 3, 3\]",
    ),
    BadInput(
        "a Hugging Face model's SDPA attentions drawn",
        lambda _: _draw_sdpa_attentions(),
        says='attn_implementation="eager"',
    ),
    BadInput(
        "record_attention on a tensor",
        lambda _: record_attention_of(torch.zeros(2)),
        says="needs a torch.nn.Module",
    ),
]


def _draw_sdpa_attentions() -> None:
    """A tiny BERT (built from a config, nothing downloaded) whose attention runs as SDPA,
    asked for its attentions, which it does not compute, and drawn."""
    import transformers

    from viz_transformer.pictures.grid.view import attention_grid

    config = transformers.BertConfig(
        vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=32, max_position_embeddings=16, attn_implementation="sdpa",
    )  # fmt: skip
    model = transformers.BertModel(config).eval()
    with torch.no_grad():
        attentions = model(torch.tensor([[1, 5, 7, 2]]), output_attentions=True).attentions
    attention_grid(attentions, "encoder")


def record_attention_of(thing):
    from viz_transformer.adapters import record_attention

    with record_attention(thing):
        pass


CASES: list[BadInput] = [*CONFIG, *CAPTURE, *CHECKPOINTS, *GENERATION, *WIDGETS_AND_ADAPTERS]
