"""The index of an exported set: README.md and index.html listing each figure with its caption
and its files, so the folder can be browsed on a forge or opened offline in a browser."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from ..pictures.common.article_set import ArticleFigure
from ..pictures.common.files_matplotlib import plain_file_errors

TITLES = {"en": "viz-transformer: the article figures", "zh": "viz-transformer：文章配图"}
PREVIEW_ORDER = ("png", "svg")  # what an index shows as the picture


def write_index(
    out: Path, figures: Sequence[ArticleFigure], written: dict[str, list[Path]], lang: str
) -> list[Path]:
    """Write ``README.md`` and ``index.html`` into ``out``; returns their paths."""
    readme, page = out / "README.md", out / "index.html"
    with plain_file_errors(readme):
        readme.write_text(markdown_index(figures, written, lang), encoding="utf-8")
    with plain_file_errors(page):
        page.write_text(html_index(figures, written, lang), encoding="utf-8")
    return [readme, page]


def markdown_index(
    figures: Sequence[ArticleFigure], written: dict[str, list[Path]], lang: str
) -> str:
    lines = [f"# {TITLES.get(lang, TITLES['en'])}", ""]
    for figure in figures:
        files = written.get(figure.name, [])
        lines += [f"## {figure.name}", ""]
        preview = _preview(files)
        if preview:
            lines += [f"![{figure.name}]({preview.name})", ""]
        lines += [figure.caption(lang), ""]
        lines += [" · ".join(f"[{p.suffix[1:]}]({p.name})" for p in files), ""]
    return "\n".join(lines)


def html_index(figures: Sequence[ArticleFigure], written: dict[str, list[Path]], lang: str) -> str:
    title = html.escape(TITLES.get(lang, TITLES["en"]))
    items = []
    for figure in figures:
        files = written.get(figure.name, [])
        preview = _preview(files)
        image = f'<img src="{preview.name}" alt="{figure.name}">' if preview else ""
        links = " · ".join(f'<a href="{p.name}">{p.suffix[1:]}</a>' for p in files)
        caption = html.escape(figure.caption(lang))
        items.append(
            f'<figure id="{figure.name}">{image}<figcaption><b>{figure.name}</b>: {caption}'
            f"<br>{links}</figcaption></figure>"
        )
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>',
            "<style>body{font-family:sans-serif;max-width:80rem;margin:auto;padding:1rem}"
            "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1.5rem}"
            "img{max-width:100%;border:1px solid #ddd}figure{margin:0}</style></head>",
            f"<body><h1>{title}</h1><main>",
            *items,
            "</main></body></html>",
            "",
        ]
    )


def _preview(files: Sequence[Path]) -> Path | None:
    by_format = {p.suffix[1:]: p for p in files}
    return next((by_format[f] for f in PREVIEW_ORDER if f in by_format), None)
