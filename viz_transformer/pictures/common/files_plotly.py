"""Saving a plotly figure: standalone HTML that works offline, and PNG/SVG/PDF through kaleido.

HTML embeds plotly.js (no CDN, no network at display time: a classroom without internet
works) and gets a fixed div id, so the file is the same every run. Static images need kaleido
and a Chrome/Chromium (Debian's ``/usr/bin/chromium`` works); kaleido's server is started once
with MathJax off, since it would otherwise fetch MathJax from a CDN. Without them, the error
names the matplotlib twin to draw and save instead.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from ...errors import VizTransformerError
from .files_matplotlib import STATIC_FORMATS, output_stem, plain_file_errors

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def save_html(fig: go.Figure, path_or_stem: str | Path) -> Path:
    """Write ``fig`` as one self-contained ``<stem>.html`` (plotly.js inside); returns the path."""
    stem = output_stem(path_or_stem)
    with plain_file_errors(stem):
        stem.parent.mkdir(parents=True, exist_ok=True)
    path = stem.with_suffix(".html")
    with plain_file_errors(path):
        fig.write_html(
            path,
            include_plotlyjs=True,
            include_mathjax=False,
            full_html=True,
            div_id=_div_id(stem.name),
            config={"displaylogo": False},
        )
    return path


def find_browser() -> str | None:
    """The Chrome/Chromium kaleido will use: ``BROWSER_PATH``, one on PATH, or None."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and Path(configured).is_file():
        return configured
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def save_plotly_images(
    fig: go.Figure,
    path_or_stem: str | Path,
    formats: Sequence[str] = STATIC_FORMATS,
    scale: float = 2.0,
    twin: str | None = None,
) -> list[Path]:
    """Write ``fig`` as PNG/SVG/PDF through kaleido; ``twin`` names its matplotlib renderer
    for the error raised when kaleido or a browser is missing."""
    _require_kaleido(twin)
    stem = output_stem(path_or_stem)
    with plain_file_errors(stem):
        stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        if fmt not in STATIC_FORMATS:
            raise VizTransformerError(f"kaleido writes {list(STATIC_FORMATS)}, not {fmt!r}.")
        path = stem.with_suffix(f".{fmt}")
        with warnings.catch_warnings(), plain_file_errors(path):
            # plotly passes options the kept server already has
            warnings.filterwarnings("ignore", "The kopts argument is ignored")
            fig.write_image(path, format=fmt, scale=scale)
        written.append(path)
    return written


def _require_kaleido(twin: str | None) -> None:
    """Start kaleido's server once (MathJax off), or explain what to use instead."""
    alternative = (
        f"draw the matplotlib twin ({twin}) and save it with save_figure"
        if twin
        else "draw the figure's matplotlib twin (renderers/matplotlib_*.py) and save it "
        "with save_figure"
    )
    try:
        import kaleido
    except ImportError:
        raise VizTransformerError(
            "plotly images need kaleido: pip install 'viz-transformer[export]' and a "
            f"Chrome/Chromium; or {alternative}."
        ) from None
    browser = find_browser()
    if browser is None:
        raise VizTransformerError(
            "plotly images need a Chrome/Chromium and none was found (set BROWSER_PATH, or "
            f"apt-get install chromium); or {alternative}."
        )
    os.environ.setdefault("BROWSER_PATH", browser)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def _div_id(name: str) -> str:
    """A stable HTML id from the file name (plotly would pick a random one)."""
    return "viz-" + "".join(c if c.isalnum() else "-" for c in name)
