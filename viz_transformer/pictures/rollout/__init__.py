"""Attention rollout: self-attention combined across layers, beside one layer's own attention."""
