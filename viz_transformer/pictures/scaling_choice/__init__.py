"""One setting of the scaling question: random queries and keys at a chosen d_k."""
