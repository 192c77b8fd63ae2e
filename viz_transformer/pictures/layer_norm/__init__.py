"""Layer norm: per-token mean and variance before and after, and its learned γ and β."""
