"""Permutation equivariance: shuffling the input shuffles the output of a layer without position."""
