"""Positional encoding: sin/cos waves per dimension, the position × dimension table."""
