"""Initialising a model for training: token embeddings on the scale of the positional encoding.

``TokenEmbedding`` multiplies E[x] by √d_model so that, in the paper, embeddings and the
sinusoids have the same scale. torch's default N(0, 1) table makes E[x]·√d_model about
√d_model times larger than the positional signal, and the position-based heads these tasks
need (previous token, mirrored position) then form several times more slowly: induction
stalled near 60 % after 1400 steps, and reaches 98 % in 200 steps with this initialisation.
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
