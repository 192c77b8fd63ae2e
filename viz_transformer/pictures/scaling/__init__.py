"""Scaling by 1/√d_k: softmax peakiness, entropy and gradients as d_k grows."""
