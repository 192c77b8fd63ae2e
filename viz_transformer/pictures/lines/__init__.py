"""Token-to-token lines: each query joined to its keys, opacity the weight, colour the head."""
