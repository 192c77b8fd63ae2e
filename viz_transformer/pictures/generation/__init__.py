"""Step-by-step generation: the decoder's and the cross-attention's rows as tokens are written."""
