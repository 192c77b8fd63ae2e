"""The one error class users see: a ValueError whose message names the problem and the fix."""


class VizTransformerError(ValueError):
    """Bad input to viz_transformer (a text, an id, a hook name, an index, a file)."""


class VizTransformerWarning(UserWarning):
    """Something ran but may not be what was meant: a text cut at the model's length, a source
    without the <eos> its model was trained with, a checkpoint without a weights checksum."""


def check_index(what: str, value: object, count: int, owner: str) -> int:
    """``value`` as a non-negative int if -count <= value < count, counting from the end when
    negative as Python does (``-1`` is the last), else an error naming the valid range
    ("layer 9 is out of range: the decoder has 2 (layers 0 to 1, or -2 to -1 from the end)").
    Booleans and non-integers are refused. Use the returned value: it is what titles and hook
    names show (never a negative number)."""
    import numbers

    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not -count <= value < count
    ):
        valid = f"{what}s 0 to {count - 1}, or {-count} to -1 from the end" if count else "none"
        raise VizTransformerError(
            f"{what} {value!r} is out of range: {owner} has {count} ({valid})."
        )
    return int(value) % count
