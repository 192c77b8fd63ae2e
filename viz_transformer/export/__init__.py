"""Figures to files: matplotlib → PNG/SVG/PDF (deterministic bytes), plotly → offline HTML and,
with kaleido and a Chromium, PNG/SVG/PDF; and the article set the ``export`` command writes.

    save_figure(fig, "out/attention", formats=("png", "svg", "pdf"), dpi=300) -> [paths]
    save_html(plotly_fig, "out/attention") -> path       # plotly.js embedded, no CDN
    save_plotly_images(plotly_fig, "out/attention", formats, twin="plot_head_attention")
"""

from .matplotlib_files import STATIC_FORMATS, save_figure
from .plotly_files import find_browser, save_html, save_plotly_images

__all__ = ["STATIC_FORMATS", "find_browser", "save_figure", "save_html", "save_plotly_images"]
