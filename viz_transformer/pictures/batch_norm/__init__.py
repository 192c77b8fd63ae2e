"""LayerNorm against BatchNorm on padded batches of different lengths."""
