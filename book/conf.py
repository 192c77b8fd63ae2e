"""Sphinx configuration of one edition of the book, chosen by ``VT_BOOK_EDITION`` ("en" or
"zh"); ``build.py`` runs Sphinx once per edition with ``-c book``. Nothing on a page comes from
outside the site: no CDN, no web font, no widget JavaScript; MathJax and plotly.js are copies
in ``_static``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

BOOK = Path(__file__).resolve().parent
EDITION = os.environ.get("VT_BOOK_EDITION", "en")
OTHER = {"en": "zh", "zh": "en"}[EDITION]
PAGES_DIR = Path(os.environ.get("VT_BOOK_PAGES", BOOK / "_build"))

project = "viz-transformer"
author = "viz-transformer"
copyright = "viz-transformer contributors"
language = {"en": "en", "zh": "zh_CN"}[EDITION]
html_title = {"en": "viz-transformer · notebooks", "zh": "viz-transformer · 笔记本"}[EDITION]

extensions = [
    "myst_nb",
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static/mathjax, mathjax_path set to it
]
exclude_patterns = ["**.ipynb_checkpoints"]
templates_path = [str(BOOK / "_templates")]
html_static_path = [str(BOOK / "_static"), str(PAGES_DIR / "static")]
html_css_files = ["book.css"]
html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,  # the executed notebook is not what the repository holds
    "use_fullscreen_button": False,
    "article_header_start": ["toggle-primary-sidebar.html", "edition-switch.html"],
    "navigation_with_keys": True,
    "secondary_sidebar_items": [],  # its width goes to the article: explorers are 840 px wide
    "footer_content_items": [],
}
html_sidebars = {"**": ["home-link.html", "navbar-logo.html", "search-button-field.html",
                        "sbt-sidebar-nav.html"]}  # fmt: skip
html_context = {"default_mode": "light"}  # none set: the theme logs an error on a first visit
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# notebooks: executed by build.py already; markdown cells may hold $math$
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# An explorer's output holds a widget view, which no kernel can draw here, and the static
# picture it carries (text/html, viz_transformer/pictures/common/static_output.py): drop the
# view so the picture is shown, and never load the widget manager (from a CDN by default).
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js: dict[str, Any] = {}
suppress_warnings = ["mystnb.unknown_mime_type"]


def _other_edition_page(pagename: str) -> str:
    """The same page in the other edition (its index when it has no such page)."""
    try:
        pages = json.loads((PAGES_DIR / "pages.json").read_text(encoding="utf-8"))
    except OSError:
        pages = {}
    exists = pagename == "index" or pagename in pages.get(OTHER, [pagename])
    return f"../{OTHER}/{pagename if exists else 'index'}.html"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Per page: the link to the other edition, and plotly.js where a plotly figure is drawn."""
    context["vt_other_edition_url"] = _other_edition_page(pagename)
    context["vt_other_edition_label"] = {"en": "中文版", "zh": "English"}[EDITION]
    context["vt_other_edition_lang"] = {"en": "zh-CN", "zh": "en"}[EDITION]
    context["vt_home_label"] = {"en": "Book home · 首页", "zh": "首页 · Book home"}[EDITION]
    if "plotly-graph-div" in context.get("body", ""):
        # synchronous, in <head>: each figure's inline script calls Plotly.newPlot at once
        app.add_js_file("plotly.min.js", priority=200)


def _own_output_folder(app: Sphinx) -> None:
    """myst-nb writes the notebooks' files next to the output folder (``html/jupyter_execute``):
    the two editions, built at once, would write into the same folder of the site. Give each
    edition its own, outside the site."""
    folder = PAGES_DIR / "jupyter_execute" / EDITION
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _own_output_folder, priority=900)  # after myst-nb's own
    app.connect("html-page-context", _page_context)
    if EDITION == "zh":
        app.add_js_file("zh-stemmer.js")  # before language_data.js, which names ChineseStemmer
    return {"parallel_read_safe": True}
