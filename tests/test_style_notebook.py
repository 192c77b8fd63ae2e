"""Sharp inline figures: under IPython the style turns the inline backend to retina PNGs, and
themed figures are made at 150 dpi; a format the user chose stands, plain Python is untouched.

Each case runs in its own Python (an IPython shell and a backend switch would leak into the
other tests of this process)."""

from __future__ import annotations

import json
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from viz_transformer.pictures.common.style import FIGURE_DPI, heatmap, sharp_inline_figures

SHOW = """
import base64, json, struct
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.enable_gui = lambda gui=None: None  # a terminal-less shell: no GUI event loop to start
{before}
import matplotlib.pyplot as plt
import numpy as np
from viz_transformer.pictures.common.style import heatmap
{after}
themed = heatmap(np.full((4, 4), 0.25), x_labels=list("abcd"), y_labels=list("abcd")).figure
own, _ = plt.subplots(figsize=(4, 2))  # a figure the notebook makes itself, at 100 dpi
shown = []
for figure in (themed, own):
    data, metadata = shell.display_formatter.format(figure)
    png = base64.b64decode(data["image/png"])
    pixels = struct.unpack(">II", png[16:24])  # the PNG header's width and height
    shown.append([figure.dpi, *pixels, metadata.get("image/png", {{}}).get("width")])
print(json.dumps(shown))
"""
INLINE = "shell.run_line_magic('matplotlib', 'inline')"


def _show(before: str = "", after: str = "") -> list[list[float]]:
    code = SHOW.format(before=before, after=after)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("before", "after"), [(INLINE, ""), ("", INLINE)], ids=["backend-first", "style-first"]
)
def test_inline_figures_are_retina_whatever_is_imported_first(before, after):
    themed, own = _show(before, after)
    assert themed[0] == FIGURE_DPI >= 150 and own[0] == 100
    for _, width, _, shown_width in (themed, own):
        assert width == pytest.approx(2 * shown_width, abs=1)  # twice the pixels, same size
    assert themed[3] >= 3.5 * 150 * 0.9  # a one-column heatmap is shown ≥ 470 px wide


def test_a_format_the_user_chose_stands():
    svg = "shell.run_line_magic('config', \"InlineBackend.figure_formats = {'svg', 'png'}\")"
    for _, _, _, shown_width in _show(INLINE + "\n" + svg):
        assert shown_width is None  # plain PNGs, as chosen: no retina size metadata


def test_outside_ipython_nothing_is_switched():
    assert sharp_inline_figures() is False


def test_themed_figures_are_made_at_150_dpi_and_exports_keep_their_own():
    ax = heatmap(np.eye(3), x_labels=list("abc"), y_labels=list("abc"))
    try:
        assert ax.figure.dpi == FIGURE_DPI >= 150
    finally:
        plt.close(ax.figure)
