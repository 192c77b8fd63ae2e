"""Every layer and head of one attention at once, on one 0–1 scale."""
