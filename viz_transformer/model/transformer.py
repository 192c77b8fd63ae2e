"""logits = Head(Decoder(tgt, Encoder(src))), or Head(Decoder(ids)), or Head(Encoder(ids))

The model: one class, three shapes (encoder-decoder, decoder-only, encoder-only).
"""

from __future__ import annotations

from torch import Tensor

from ..errors import VizTransformerError
from ..hooks.hooked_module import HookedRootModule
from .config import TransformerConfig
from .generation import GenerationResult, generate
from .masks import causal_mask, combine_masks, padding_mask
from .output_head import OutputHead
from .stack import Stack
from .validation import as_batch


class Transformer(HookedRootModule):
    """A Transformer whose every intermediate tensor has a hook name.

    - encoder-decoder (2017 paper): ``model(src_ids, tgt_ids)`` → logits over the target vocabulary
    - decoder-only (GPT): ``model(ids)`` → next-token logits at every position (causal mask)
    - encoder-only (BERT): ``model(ids)`` → logits at every position (no causal mask)
    Ids are [batch, seq] (or [seq]); ``config.pad_id`` marks padding, which is masked.
    """

    def __init__(self, config: TransformerConfig) -> None:
        super().__init__()
        self.config = config
        c = config
        if c.has_encoder:
            self.encoder = Stack(c, c.src_vocab, c.n_encoder_layers, cross_attention=False)
        if c.has_decoder:
            cross = c.shape == "encoder-decoder"
            vocab = c.target_vocab if cross else c.src_vocab
            self.decoder = Stack(c, vocab, c.n_decoder_layers, cross_attention=cross)
        out_vocab = c.target_vocab if c.shape == "encoder-decoder" else c.src_vocab
        self.head = OutputHead(c.d_model, out_vocab)
        if c.tie_output:
            stack = self.decoder if c.has_decoder else self.encoder
            self.head.proj.weight = stack.embed.table.weight
        self.setup_hooks()
        self.eval()

    def forward(self, ids: Tensor, tgt: Tensor | None = None) -> Tensor:
        if self.config.shape == "encoder-decoder":
            if tgt is None:
                raise VizTransformerError(
                    "an encoder-decoder model needs source and target ids: model(src, tgt); "
                    "to produce a target, use model.generate(src)."
                )
            src = self.check_ids(ids, "source")
            memory = self.encode(src)
            return self.head(self.decode(self.check_ids(tgt, "target"), memory, src))
        if tgt is not None:
            raise VizTransformerError(f"a {self.config.shape} model takes one id tensor, not two.")
        ids = self.check_ids(ids, "input")
        if self.config.shape == "decoder-only":
            return self.head(self.decode(ids))
        return self.head(self.encode(ids))

    def encode(self, src: Tensor) -> Tensor:
        """The encoder's output (the "memory" cross-attention reads): [batch, src, d_model]."""
        return self.encoder(src, self._padding_mask(src))

    def decode(
        self, tgt: Tensor, memory: Tensor | None = None, src: Tensor | None = None
    ) -> Tensor:
        """The decoder's last hidden states; causal + padding mask on itself, padding on the source."""
        self_mask = combine_masks(
            causal_mask(tgt.shape[1], device=tgt.device), self._padding_mask(tgt)
        )
        memory_mask = self._padding_mask(src) if src is not None else None
        return self.decoder(tgt, self_mask, memory, memory_mask)

    def _padding_mask(self, ids: Tensor) -> Tensor | None:
        """The padding mask of ``ids``, or None when no id is padding: that mask would allow
        every key, and attention without a mask (or with a purely causal one) runs faster."""
        pad = self.config.pad_id
        return padding_mask(ids, pad) if bool((ids == pad).any()) else None

    def check_ids(self, ids: Tensor, role: str) -> Tensor:
        """Validate ids for the stack that reads them (vocabulary and positional table)."""
        c = self.config
        vocab = c.target_vocab if role == "target" else c.src_vocab
        return as_batch(ids, role, vocab, c.max_len)

    def generate(self, ids: Tensor, **kwargs) -> GenerationResult:
        """Greedy (or sampled) step-by-step generation from token ids in the trained layout:
        encoder-decoder reads ``text <eos>`` (``tokenizer.encode(text, add_eos=True)``; without
        <eos> the answer is garbage, and a warning says so), decoder-only continues
        ``<bos> text``. ``result.stop_reason`` says why it stopped. From a text, use
        ``viz_transformer.generate_text(model, tokenizer, text)``; the options are described
        in ``viz_transformer.model.generation.generate``."""
        return generate(self, ids, **kwargs)
