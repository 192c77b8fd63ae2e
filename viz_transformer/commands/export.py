"""Write the article figures (PNG, SVG, PDF from matplotlib; HTML from plotly) and an index.

``python -m viz_transformer export --out figures --formats png,svg,html --lang zh`` draws every
figure of the article set (``viz_transformer.pictures.common.article_set``) from the shipped models,
with a progress bar, and writes ``README.md`` and ``index.html`` listing them with captions.

It never replaces a file it did not write: what it writes is listed, with its SHA-256, in the
folder's ``.viz-transformer-export.json`` (``commands/export_manifest.py``), and any other file in the
way (a project's README.md, an index.html, an exported file edited since) stops it before it
draws anything, unless ``--force``. The options and the folder are checked first, too: an
empty ``--out``, a file, a folder it cannot write into, a resolution out of range.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
from tqdm import tqdm

from ..errors import VizTransformerError
from ..pictures.common.article_set import ArticleContext, ArticleFigure, article_figures
from ..pictures.common.files_matplotlib import (
    DPI_RANGE,
    STATIC_FORMATS,
    check_dpi,
    plain_file_errors,
    save_figure,
)
from ..pictures.common.files_plotly import save_html
from ..pictures.common.language import LANGUAGES, localize_matplotlib, localize_plotly
from .destinations import out_path, plain_path_errors, writable_folder
from .export_manifest import MANIFEST_NAME, ExportManifest, make_room
from .gallery_index import write_index

FORMATS = (*STATIC_FORMATS, "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, help="folder to write into (created if it does not exist)"
    )
    parser.add_argument(
        "--formats",
        default="png,svg,pdf,html",
        help=f"comma-separated, from {','.join(FORMATS)} (default: all)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="titles, captions, axis labels, legends and hover texts",
    )
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument(
        "--dpi",
        type=int,
        default=300,
        help=f"PNG resolution, {DPI_RANGE[0]} to {DPI_RANGE[1]} (default 300)",
    )
    parser.add_argument("--only", help="comma-separated figure names (default: every figure)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace files in --out that export did not write (a README.md, an index.html)",
    )


def run(args: argparse.Namespace) -> int:
    check_dpi(args.dpi, "--dpi")
    formats = parse_formats(args.formats)
    out = writable_folder(out_path(args.out))
    figures = select_figures(article_figures(), args.only)
    with plain_path_errors("--out", out):  # a name too long for the file system
        manifest = ExportManifest.load(out, force=args.force)
        in_the_way = manifest.foreign(planned_files(out, figures, formats))
        refuse_foreign(in_the_way, out, args.force)
        make_room(in_the_way)
    with plain_file_errors(out):
        out.mkdir(parents=True, exist_ok=True)
    context = ArticleContext(lang=args.lang, theme=args.theme)
    written = {}
    for figure in tqdm(figures, desc="figures", unit="fig"):
        written[figure.name] = export_figure(figure, context, out, formats, args.dpi)
        manifest.record(written[figure.name])
    index = write_index(out, figures, written, args.lang)
    manifest.record(index)
    count = sum(len(paths) for paths in written.values())
    print(f"wrote {count} files for {len(figures)} figures; index: {index[0]}, {index[1]}")
    return 0


def planned_files(out: Path, figures: list[ArticleFigure], formats: list[str]) -> list[Path]:
    """Every file this export may write: each figure in each format (HTML counted even for a
    figure without a plotly twin, which is only known once drawn), and the two index files."""
    files = [out / f"{figure.name}.{fmt}" for figure in figures for fmt in formats]
    return [*files, out / "README.md", out / "index.html"]


def refuse_foreign(in_the_way: list[Path], out: Path, force: bool) -> None:
    """Stop, naming the files, when export would replace files it did not write; with
    ``force`` only folders (which no file can replace) still stop it."""
    folders = [path for path in in_the_way if path.is_dir() and not path.is_symlink()]
    if folders:
        raise VizTransformerError(
            f"{_names(folders)} in {out} {'is a folder' if len(folders) == 1 else 'are folders'}"
            " where export writes a file; move it away or choose another --out."
        )
    if in_the_way and not force:
        raise VizTransformerError(
            f"export would replace {_names(in_the_way)} in {out}, which export did not write "
            f"(or which changed since; {MANIFEST_NAME} lists what it wrote). Nothing was "
            "written. Choose an empty or new folder for --out, or pass --force to replace them."
        )


def _names(paths: list[Path], most: int = 5) -> str:
    shown = ", ".join(path.name for path in paths[:most])
    return shown + (f" and {len(paths) - most} more" if len(paths) > most else "")


def export_figure(
    figure: ArticleFigure, context: ArticleContext, out: Path, formats: list[str], dpi: int
) -> list[Path]:
    """Draw one figure and write it in the requested formats (HTML only if it has a plotly twin)."""
    drawing = figure.build(context)
    # the builders title in the context's language; the renderers label in English, so every
    # label (panel titles, axes, legends, hover templates) goes through the same localizers
    # as the explorers' figures
    localize_matplotlib(drawing.matplotlib, context.lang)
    if drawing.plotly is not None:
        localize_plotly(drawing.plotly, context.lang)
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
    return list(dict.fromkeys(formats))  # "png,png" writes each file once


def select_figures(figures: list[ArticleFigure], only: str | None) -> list[ArticleFigure]:
    """All figures, or the ones named in ``only`` (an unknown name is refused with the list)."""
    if only is None:
        return figures
    names = [name.strip() for name in only.split(",") if name.strip()]
    known = {figure.name for figure in figures}
    if not names:
        raise VizTransformerError(
            f"--only {only!r} names no figure; name some of {sorted(known)}, or leave --only "
            "out for every figure."
        )
    unknown = [name for name in names if name not in known]
    if unknown:
        raise VizTransformerError(f"no figure called {unknown}; the figures are {sorted(known)}.")
    return [figure for figure in figures if figure.name in names]
