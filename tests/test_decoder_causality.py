"""Law: the decoder cannot see the future.

For decoder-only and encoder-decoder models (post- and pre-norm), the logits at positions ≤ t
stay the same when the target tokens after t are replaced, for every t; and they do change at
position t + 1 when token t + 1 changes (the test would notice a decoder that sees nothing).
"""

from __future__ import annotations

import pytest
import torch
from helpers import FIRST_REAL_ID, random_ids, tiny_model

LENGTH = 7


def _logits(model, src, tgt):
    with torch.no_grad():
        return model(src, tgt) if src is not None else model(tgt)


def _change_after(tgt: torch.Tensor, t: int, vocab: int) -> torch.Tensor:
    """Every token after position t replaced by a different real token."""
    changed = tgt.clone()
    span = vocab - FIRST_REAL_ID
    changed[:, t + 1 :] = (tgt[:, t + 1 :] - FIRST_REAL_ID + 1) % span + FIRST_REAL_ID
    return changed


@pytest.mark.parametrize("norm", ["post", "pre"])
@pytest.mark.parametrize("shape", ["decoder-only", "encoder-decoder"])
def test_logits_up_to_t_ignore_later_tokens(shape, norm):
    model = tiny_model(shape, seed=5, norm=norm)
    c = model.config
    vocab = c.target_vocab if shape == "encoder-decoder" else c.src_vocab
    src = random_ids([6, 4], c.src_vocab, seed=1) if shape == "encoder-decoder" else None
    tgt = random_ids([LENGTH, LENGTH], vocab, seed=2)
    base = _logits(model, src, tgt)
    for t in range(LENGTH - 1):
        changed = _change_after(tgt, t, vocab)
        assert not torch.equal(changed[:, t + 1 :], tgt[:, t + 1 :])
        logits = _logits(model, src, changed)
        torch.testing.assert_close(logits[:, : t + 1], base[:, : t + 1], atol=1e-6, rtol=0)
        assert not torch.allclose(logits[:, t + 1], base[:, t + 1], atol=1e-4)


def test_encoder_only_sees_both_directions():
    """The BERT shape has no causal mask: changing the last token moves the first position."""
    model = tiny_model("encoder-only", seed=6)
    ids = random_ids([LENGTH], model.config.src_vocab, seed=3)
    changed = _change_after(ids, LENGTH - 2, model.config.src_vocab)
    assert not torch.allclose(_logits(model, None, ids)[:, 0], _logits(model, None, changed)[:, 0])
