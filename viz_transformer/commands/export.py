"""Write the article figures (PNG, SVG, PDF from matplotlib; HTML from plotly) and an index.

``python -m viz_transformer export --out figures --formats png,svg,html --lang zh`` draws every
figure of the article set (``viz_transformer.export.article_set``) from the shipped models,
with a progress bar, and writes ``README.md`` and ``index.html`` listing them with captions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
from tqdm import tqdm

from ..errors import VizTransformerError
from ..export.article_set import ArticleContext, ArticleFigure, article_figures
from ..export.axis_terms import translate_matplotlib, translate_plotly
from ..export.gallery_index import write_index
from ..export.matplotlib_files import STATIC_FORMATS, save_figure
from ..export.plotly_files import save_html

FORMATS = (*STATIC_FORMATS, "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument(
        "--formats",
        default="png,svg,pdf,html",
        help=f"comma-separated, from {','.join(FORMATS)} (default: all)",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="titles, captions and axis labels"
    )
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    parser.add_argument("--only", help="comma-separated figure names (default: every figure)")


def run(args: argparse.Namespace) -> int:
    formats = parse_formats(args.formats)
    figures = select_figures(article_figures(), args.only)
    context = ArticleContext(lang=args.lang, theme=args.theme)
    written = {}
    for figure in tqdm(figures, desc="figures", unit="fig"):
        written[figure.name] = export_figure(figure, context, args.out, formats, args.dpi)
    index = write_index(args.out, figures, written, args.lang)
    count = sum(len(paths) for paths in written.values())
    print(f"wrote {count} files for {len(figures)} figures; index: {index[0]}, {index[1]}")
    return 0


def export_figure(
    figure: ArticleFigure, context: ArticleContext, out: Path, formats: list[str], dpi: int
) -> list[Path]:
    """Draw one figure and write it in the requested formats (HTML only if it has a plotly twin)."""
    drawing = figure.build(context)
    if context.lang == "zh":  # the builders title in Chinese; the renderers' axes are English
        translate_matplotlib(drawing.matplotlib)
        if drawing.plotly is not None:
            translate_plotly(drawing.plotly)
    stem = out / figure.name
    static = [f for f in formats if f in STATIC_FORMATS]
    paths = save_figure(drawing.matplotlib, stem, static, dpi) if static else []
    plt.close(drawing.matplotlib)
    if "html" in formats and drawing.plotly is not None:
        paths.append(save_html(drawing.plotly, stem))
    return paths


def parse_formats(text: str) -> list[str]:
    """ "png,svg" → ["png", "svg"], refusing formats this command does not write."""
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise VizTransformerError(f"--formats takes some of {list(FORMATS)}, got {text!r}.")
    return formats


def select_figures(figures: list[ArticleFigure], only: str | None) -> list[ArticleFigure]:
    """All figures, or the ones named in ``only`` (an unknown name is refused with the list)."""
    if not only:
        return figures
    names = [name.strip() for name in only.split(",") if name.strip()]
    known = {figure.name for figure in figures}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise VizTransformerError(f"no figure called {unknown}; the figures are {sorted(known)}.")
    return [figure for figure in figures if figure.name in names]
