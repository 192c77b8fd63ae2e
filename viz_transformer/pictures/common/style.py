"""The theme and the two heatmap primitives every picture draws with, gathered in one place.

Colour scales (``scales``)
    ``color_scale(data, kind="weights"|"scores", cmap=None, vmin=None, vmax=None) -> ColorScale``
    weights: viridis fixed to 0–1; scores: RdBu_r, symmetric ±max|finite|, centred at 0.
    −∞ cells (masked scores) get ``Theme.masked`` and the legend label ``MASKED_LABEL``
    ("−∞ (masked)"). ``plotly_colorscale(cmap)`` gives plotly the same colours.
Themes (``theme``)
    ``LIGHT``, ``DARK``, ``get_theme("light"|"dark")``; ``theme_context(theme)`` (matplotlib
    rcParams: colours, font sizes, CJK font); ``plotly_layout(theme)``;
    ``Theme.head_color(h)`` (Okabe–Ito, colour-blind safe).
Sizes (``sizes``)
    ``figure_size("one-column"|"two-column", aspect=0.85)`` → inches (3.5 or 7.2 wide).
Token labels (``tokens``)
    all labels up to 64 tokens, thinned up to 256, none beyond (plotly hover still names them);
    ``tick_plan(tokens, axis_points, font_size, vertical_axis)``, ``display_token(t)``.
Notebooks (``notebook``)
    themed figures are made at ``FIGURE_DPI`` (150); under IPython, importing the style turns
    the inline backend to retina PNGs unless the user chose a format (``sharp_inline_figures``).
Fonts (``fonts``)
    ``font_family()`` → ``["sans-serif", <installed CJK font>]`` (Latin stays in the default
    font, Chinese falls back glyph by glyph); warns once with ``apt-get install fonts-noto-cjk``
    when no CJK font is installed. ``find_cjk_font()``.
Heatmaps
    ``heatmap(data, ax=None, *, x_labels, y_labels, kind, cmap, vmin, vmax, title, xlabel,
    ylabel, colorbar=True, theme="light", width="one-column") -> Axes`` (matplotlib; the image
    is ``ax.images[0]``). ``heatmap_figure(data, *, x_labels, y_labels, kind, cmap, vmin, vmax,
    title, xlabel="key", ylabel="query", theme) -> go.Figure`` (plotly; float32 z, hover =
    query token, key token, value); ``heatmap_traces(...)`` for subplot grids.

Files (``files_matplotlib``, ``files_plotly``)
    ``save_figure(fig, "out/attention", formats=("png", "svg", "pdf"), dpi=300)`` (deterministic
    bytes); ``save_html(plotly_fig, "out/attention")`` (plotly.js embedded, no CDN);
    ``save_plotly_images(...)`` (kaleido and a Chromium).

Keywords mean the same everywhere: ``cmap``, ``vmin``, ``vmax``, ``title``, ``theme``, ``ax``.
"""

from .files_matplotlib import STATIC_FORMATS, save_figure
from .files_plotly import find_browser, save_html, save_plotly_images
from .fonts import INSTALL_HINT, find_cjk_font, font_family
from .heatmap_matplotlib import add_colorbar, add_masked_legend, heatmap, label_axes
from .heatmap_plotly import heatmap_figure, heatmap_traces, token_axis
from .notebook import FIGURE_DPI, sharp_inline_figures
from .scales import MASKED_LABEL, ColorScale, color_scale, plotly_colorscale, symmetric_limit
from .sizes import ONE_COLUMN_INCHES, TWO_COLUMN_INCHES, figure_size
from .theme import DARK, LIGHT, Theme, get_theme, matplotlib_rc, plotly_layout, theme_context
from .tokens import MAX_LABELED, MAX_THINNED, TickPlan, display_token, tick_plan

sharp_inline_figures()  # under IPython: retina inline figures (see ``notebook``)

__all__ = [
    "DARK",
    "FIGURE_DPI",
    "INSTALL_HINT",
    "LIGHT",
    "MASKED_LABEL",
    "MAX_LABELED",
    "MAX_THINNED",
    "ONE_COLUMN_INCHES",
    "STATIC_FORMATS",
    "TWO_COLUMN_INCHES",
    "ColorScale",
    "Theme",
    "TickPlan",
    "add_colorbar",
    "add_masked_legend",
    "color_scale",
    "display_token",
    "figure_size",
    "find_browser",
    "find_cjk_font",
    "font_family",
    "get_theme",
    "heatmap",
    "heatmap_figure",
    "heatmap_traces",
    "label_axes",
    "matplotlib_rc",
    "plotly_colorscale",
    "plotly_layout",
    "save_figure",
    "save_html",
    "save_plotly_images",
    "sharp_inline_figures",
    "symmetric_limit",
    "theme_context",
    "tick_plan",
    "token_axis",
]
