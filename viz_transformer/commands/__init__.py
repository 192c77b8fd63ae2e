"""One module per command of ``python -m viz_transformer``."""
