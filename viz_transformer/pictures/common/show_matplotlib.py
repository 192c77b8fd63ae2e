"""``vt.show()``: ``plt.show()`` in the language of the edition.

A lesson's code is the same in both editions, and the titles, axis labels and legends it
writes itself are English words of the glossary; ``vt.show()`` puts every open figure's labels
in :func:`current_language` before showing it, so the Chinese edition's pictures read Chinese.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt

from .language import current_language, localize_matplotlib


def show(**kwargs: Any) -> None:
    """Show the open figures like ``plt.show(**kwargs)``, labelled in the current language.

    >>> fig, ax = plt.subplots()
    >>> ax.set_xlabel("training step")
    >>> vt.show()  # the axis reads 训练步数 in the Chinese edition
    """
    lang = current_language()
    for number in plt.get_fignums():
        localize_matplotlib(plt.figure(number), lang)
    plt.show(**kwargs)
