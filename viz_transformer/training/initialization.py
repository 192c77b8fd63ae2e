"""The training loop's own draw of the token-embedding tables.

The model already starts its tables on the positional encoding's scale (N(0, 1/d_model), see
``model.embedding``); training draws them once more from the same distribution after the
model is built. The draw changes nothing about the scale: it keeps the random stream of every
training run as it was when the shipped checkpoints were trained, so a seed gives the same
weights as before the model learned its own scale (checked on this machine: ``train count``,
seed 0, 2000 steps, gives identical weights before and after that change).
"""

from __future__ import annotations

import torch

from ..model import Transformer
from ..model.embedding import TokenEmbedding


def init_embeddings(model: Transformer) -> None:
    """Redraw every token-embedding table from N(0, 1/d_model), keeping <pad>'s row at zero."""
    for module in model.modules():
        if isinstance(module, TokenEmbedding):
            table = module.table
            torch.nn.init.normal_(table.weight, std=table.embedding_dim**-0.5)
            with torch.no_grad():
                table.weight[table.padding_idx].zero_()
