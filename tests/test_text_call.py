"""Law: ``generate_text`` answers a text in the layout each shipped model was trained with;
``generate`` says why it stopped and warns when a source lacks its <eos>; a cut output is
said (``TextRun.truncated`` and a warning); non-finite weights are refused, not drawn."""

from __future__ import annotations

import warnings

import pytest
import torch

import viz_transformer as vt
from viz_transformer.pretrained import load_pretrained_checkpoint


@pytest.mark.parametrize("name", ["reverse", "dates", "count"])
def test_the_text_call_answers_each_probe_as_trained(name: str) -> None:
    checkpoint = load_pretrained_checkpoint(name)
    probe = checkpoint.info["probe"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        answer = vt.generate_text(checkpoint.model, checkpoint.tokenizer, probe["source"])
    assert answer == probe["target"]


def test_the_readme_example() -> None:
    assert vt.generate_text(*vt.load_pretrained("reverse"), "attention2017") == "7102noitnetta"


def test_decoder_only_continues_the_text() -> None:
    model, tokenizer = vt.load_pretrained("induction")
    # the repeat has begun ("…876t"): an induction head copies the rest
    assert vt.generate_text(model, tokenizer, "transfo9876t", max_new_tokens=10) == "ransfo9876"


def test_the_raw_call_without_eos_warns_and_points_at_the_text_call() -> None:
    model, tokenizer = vt.load_pretrained("reverse")
    with pytest.warns(vt.VizTransformerWarning, match=r"<eos>.*generate_text"):
        model.generate(torch.tensor([tokenizer.encode("attention2017")]))
    padded = torch.tensor([[*tokenizer.encode("abc", add_eos=True), 0, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        model.generate(padded)  # <eos> before the padding: the trained layout


def test_generate_says_why_it_stopped() -> None:
    model, tokenizer = vt.load_pretrained("reverse")
    src = torch.tensor([tokenizer.encode("attention", add_eos=True)])
    assert model.generate(src).stop_reason == "eos"
    assert model.generate(src, max_new_tokens=3).stop_reason == "max_new_tokens"
    decoder, dtok = vt.load_pretrained("induction")
    assert (
        decoder.generate(torch.tensor([dtok.encode("abc", add_bos=True)])).stop_reason == "max_len"
    )


def _broken(name: str) -> tuple[vt.Transformer, object]:
    """A fresh copy of a shipped model (load_pretrained reads the files anew) with one NaN."""
    model, tokenizer = vt.load_pretrained(name)
    with torch.no_grad():
        model.head.proj.weight[5, 0] = float("nan")
    return model, tokenizer


def test_non_finite_logits_stop_generation_and_are_named() -> None:
    model, tokenizer = _broken("reverse")
    src = torch.tensor([tokenizer.encode("abc", add_eos=True)])
    result = model.generate(src)
    assert result.stop_reason == "non-finite logits"
    assert result.ids.tolist() == [[tokenizer.bos_id]]  # the NaN step was not appended
    with pytest.raises(vt.VizTransformerError, match=r"not finite.*'head.proj.weight'"):
        vt.generate_text(model, tokenizer, "abc")
    with pytest.raises(vt.VizTransformerError, match=r"not finite.*'head.proj.weight'"):
        vt.run_text(model, tokenizer, "abc")


def test_a_hook_banning_tokens_with_minus_infinity_is_not_non_finite() -> None:
    model, tokenizer = vt.load_pretrained("induction")

    def ban(logits, hook):
        logits[..., 7] = float("-inf")

    prompt = torch.tensor([tokenizer.encode("abc", add_bos=True)])
    with model.hooks([("head.hook_logits", ban)]):
        result = model.generate(prompt, max_new_tokens=3)
    assert result.stop_reason == "max_new_tokens"


def test_an_output_cut_by_the_positional_table_is_said() -> None:
    model, tokenizer = vt.load_pretrained("induction")
    text = "abcdefghij" * 3  # 31 of the table's 33 positions
    with pytest.warns(vt.VizTransformerWarning, match=r"cut after 2 of 5 tokens.*max_len"):
        run = vt.run_text(model, tokenizer, text, max_new_tokens=5)
    assert run.truncated and run.stop_reason == "max_len"
    with pytest.warns(vt.VizTransformerWarning, match="cut after 2 of 5"):
        assert len(vt.generate_text(model, tokenizer, text, max_new_tokens=5)) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", vt.VizTransformerWarning)
        assert not vt.run_text(model, tokenizer, "abc", max_new_tokens=5).truncated


def test_an_encoder_decoder_answer_without_eos_is_truncated() -> None:
    model, tokenizer = vt.load_pretrained("reverse")
    with torch.no_grad():  # a copy that never writes <eos>
        model.head.proj.bias[tokenizer.eos_id] = -1e4
    with pytest.warns(vt.VizTransformerWarning, match="before writing <eos>"):
        run = vt.run_text(model, tokenizer, "abc")
    assert run.truncated and run.stop_reason == "max_len"
