"""Sharp matplotlib figures in a notebook, with nothing for the learner to type.

IPython's inline backend draws a figure as a PNG at the figure's own dpi (it ignores
``savefig.dpi``), 100 by default: blurry text on a high-density screen. Two things fix it:
the theme makes the figures this package creates at ``FIGURE_DPI`` (so they are also shown
larger, at a size their labels can be read), and under IPython this module switches the inline
backend to "retina" (twice the pixels, shown at the same size), which also sharpens the figures
a notebook makes with ``plt.subplots`` itself. Files written by ``savefig(dpi=...)`` — the
export — are not affected.
"""

from __future__ import annotations

FIGURE_DPI = 150  # rcParams["figure.dpi"] of every themed figure


def sharp_inline_figures() -> bool:
    """Under IPython, show inline matplotlib figures as retina PNGs; True if switched.

    Only the default choice (``{"png"}``) is replaced: a format the user configured
    (``%config InlineBackend.figure_formats = ...``) stands. Outside IPython this does nothing.
    """
    try:
        from IPython import get_ipython
        from matplotlib_inline.config import InlineBackend
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    # the shell as parent, so the user's IPython configuration is read, as the backend would
    config = InlineBackend.instance(parent=shell)
    if set(config.figure_formats) != {"png"}:
        return False
    config.figure_formats = {"retina"}  # re-registers the formatters once the backend is active
    return True
