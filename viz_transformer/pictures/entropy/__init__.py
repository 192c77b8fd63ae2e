"""Attention entropy per layer and head: how spread out each head looks."""
