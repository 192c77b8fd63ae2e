"""The one error class users see: a ValueError whose message names the problem and the fix."""


class VizTransformerError(ValueError):
    """Bad input to viz_transformer (a text, an id, a hook name, an index, a file)."""
