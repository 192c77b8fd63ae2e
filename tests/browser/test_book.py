"""The book (``make book``): both editions built (or reused when up to date), served by a plain
static file server on 127.0.0.1, and every page opened in Chromium: it renders, every picture is
there and drawn (matplotlib images, plotly figures, each explorer's first picture), nothing is
fetched from anywhere but that server, and the pages link to each other as a book does.

The book is built from the notebooks this test run executed: nbval's and JupyterLab's runs
are saved as its executed copies (tests/executed_copies.py, tests/browser/lab_copy.py), and
``book/build.py`` executes only what is missing or stale. In a full run (``make test``) this
file is handed out last (the root conftest's ``LAST``) and first waits for the notebooks the
other worker is still running (:func:`wait_for_the_runs_notebooks`). ``make book-test`` runs
this file alone (marked ``book``): it then executes whatever the last test run did not.

``VT_BOOK_EDITIONS`` (folders separated by ``:``) builds other edition folders than
``notebooks/en`` and ``notebooks/zh``, to try the book on a few notebooks (links to the
notebooks left out then only warn).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page

from book.build import DEFAULT_EDITIONS, read_edition, stale_notebooks
from tests.notebook_runs import unfinished

from .conftest import ARTIFACTS, REPO
from .network import NetworkLog
from .screenshots import screenshot_whole

pytestmark = pytest.mark.book

BOOK = REPO / "book"
SITE = BOOK / "_build" / "html"
SOURCES = BOOK / "_build" / "src"
BUILD_TIMEOUT_S = 1_800  # a cold build of both editions on two cores; a cached one takes 2 s
NOTEBOOKS_WAIT_S = 600  # the other worker's notebooks, at most
POLL_S = 2
DRAW_TIMEOUT_MS = 15_000
SCREENSHOT_PAGE = "02_scaled_dot_product_attention"  # math, a matplotlib image, an explorer
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_PAGE_JS = """
() => {
  const sized = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const article = document.querySelector('article.bd-article') || document.body;
  const problems = [];
  const counts = {images: 0, plots: 0, svgs: 0, explorers: 0};
  const column = article.getBoundingClientRect();
  const clipped = (el) => { const r = el.getBoundingClientRect(); return r.left < column.left - 1 || r.right > column.right + 1; };
  for (const img of article.querySelectorAll('img')) {
    counts.images++;
    if (!img.complete || img.naturalWidth === 0 || !sized(img)) problems.push('image not drawn: ' + img.src.slice(0, 100));
    else if (clipped(img)) problems.push('image wider than the page: ' + img.src.slice(0, 100));
  }
  for (const div of article.querySelectorAll('.plotly-graph-div')) {
    counts.plots++;
    if (!sized(div) || !div.querySelector('.main-svg')) problems.push('plotly figure not drawn: #' + div.id);
    else if (!(div.data && div.data.length)) problems.push('plotly figure without data: #' + div.id);
    else if (clipped(div)) problems.push('plotly figure wider than the page: #' + div.id);
  }
  for (const svg of article.querySelectorAll('svg')) {
    if (svg.closest('.plotly-graph-div') || svg.closest('mjx-container') || !svg.checkVisibility()) continue;
    counts.svgs++;
    if (!sized(svg)) problems.push('svg of no size: ' + svg.outerHTML.slice(0, 100));
  }
  counts.explorers = article.querySelectorAll('.vt-static-widget').length;
  for (const output of article.querySelectorAll('.cell_output')) {
    if (/\\b\\w+\\(children=\\(/.test(output.textContent)) problems.push('a widget shown as text: ' + output.textContent.slice(0, 80));
  }
  for (const error of article.querySelectorAll('.output.traceback, .output.error')) {
    problems.push('error output: ' + error.textContent.slice(0, 200));
  }
  const h1 = article.querySelector('h1');
  return {title: document.title, h1: h1 ? h1.textContent.trim() : '', counts, problems,
          mathErrors: article.querySelectorAll('mjx-merror').length};
}
"""


def _editions() -> list[str]:
    folders = os.environ.get("VT_BOOK_EDITIONS", "")
    return [folder for folder in folders.split(":") if folder]


def wait_for_the_runs_notebooks(session: pytest.Session) -> str:
    """Wait while a notebook this run executes (elsewhere: the other worker) has a stale
    executed copy and has not ended its test yet, NOTEBOOKS_WAIT_S at most; returns what was
    waited for, for the log.

    The rule: a notebook's copy is either fresh (saved by this run, or by an earlier run or
    build of the same inputs) or will never come from this run once its test ended (it
    failed, or it was not run in full): either way there is nothing more to wait for, and
    ``book/build.py`` executes whatever is still stale. So a failing notebook costs the book
    only the time to execute it again, a run that executes no notebook (``make book-test``)
    does not wait at all, and the deadline bounds the wait if a test never ends."""
    folders = [Path(folder) for folder in _editions()] or list(DEFAULT_EDITIONS)
    editions = [read_edition(folder) for folder in folders]
    start = time.monotonic()
    while True:
        pending = unfinished(session.items)
        if pending:
            stale = {notebook for _, notebook in stale_notebooks(editions, force=False)}
            pending = [notebook for notebook in pending if notebook in stale]
        waited = time.monotonic() - start
        if not pending or waited > NOTEBOOKS_WAIT_S:
            names = [notebook.relative_to(REPO).as_posix() for notebook in pending]
            return f"waited {waited:.0f} s for the run's notebooks; still pending: {names}"
        time.sleep(POLL_S)


@pytest.fixture(scope="module")
def book_site(chromium_path: str, request: pytest.FixtureRequest) -> Path:
    """The built site (``book/_build/html``): ``book/build.py`` builds what is out of date,
    once the notebooks the run executes elsewhere have ended. Depends on the browser so that
    a machine without one skips before building."""
    waited = wait_for_the_runs_notebooks(request.session)
    editions = _editions()
    argv = [
        sys.executable,
        str(BOOK / "build.py"),
        *editions,
        *(["--no-strict"] if editions else []),
    ]
    result = subprocess.run(
        argv, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, cwd=REPO, check=False
    )
    output = f"{waited}\n{result.stdout}{result.stderr}".strip()
    (ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "logs" / "book-build.log").write_text(output, encoding="utf-8")
    if result.returncode != 0:
        pytest.fail(f"the book did not build:\n{output[-4000:]}", pytrace=False)
    return SITE


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(book_site: Path) -> Iterator[str]:
    """The site served as static files by Python's http.server on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(book_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the site, its assets (``_static``) left out."""
    return sorted(p for p in site.rglob("*.html") if not {"_static", "_sources"} & set(p.parts))


def expected_pictures(source: Path) -> dict[str, int]:
    """What a notebook page must show, counted in its executed notebook: images (matplotlib
    PNGs, ``<img>`` in HTML outputs), plotly figures and explorers (widget outputs, each with
    its static picture)."""
    nb = json.loads(source.read_text(encoding="utf-8"))
    counts = {"images": 0, "plots": 0, "explorers": 0}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if WIDGET_VIEW in data:
                counts["explorers"] += 1
                assert html, f"{source.name}: a widget output without its static picture"
            if html:
                counts["plots"] += html.count('class="plotly-graph-div"')
                counts["images"] += html.count("<img ")
            elif "image/png" in data or "image/jpeg" in data or "image/svg+xml" in data:
                counts["images"] += 1
    return counts


def _load(page: Page, url: str) -> dict:
    """Open ``url``, wait for MathJax and plotly to draw, and return what ``_PAGE_JS`` saw."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.evaluate("() => window.MathJax?.startup?.promise ?? null")
    deadline_polls = DRAW_TIMEOUT_MS // 250
    seen = page.evaluate(_PAGE_JS)
    for _ in range(deadline_polls):
        if not seen["problems"]:
            break
        page.wait_for_timeout(250)
        seen = page.evaluate(_PAGE_JS)
    return seen


def off_site(network: NetworkLog, site_url: str) -> list[str]:
    """The requests recorded by ``network`` to anything but the site's server. None of them
    can be answered: the test's Chromium resolves no host but this machine (chromium.py).
    (Intercepting requests instead, with ``context.route``, would turn off the browser's
    cache: every page would load and compile plotly.js and MathJax again.)"""
    return [
        url
        for url in network.urls
        if not url.startswith(site_url) and urlsplit(url).scheme not in ("data", "blob")
    ]


def test_the_offline_check_sees_a_request_off_the_site(
    site_url: str, page: Page, network: NetworkLog
) -> None:
    """Not vacuous: a script from a CDN added to a page of the site is caught."""
    page.goto(urljoin(site_url, "index.html"), wait_until="load")
    page.evaluate(
        """() => new Promise((done) => { const s = document.createElement('script');
           s.src = 'https://cdn.example.org/require.js'; s.onerror = done; s.onload = done;
           document.head.appendChild(s); })"""
    )
    assert off_site(network, site_url) == ["https://cdn.example.org/require.js"]


def test_every_page_renders_offline(
    site_url: str, book_site: Path, page: Page, network: NetworkLog
) -> None:
    """Each page: HTTP 200, a title and a heading, no console error, every picture drawn and as
    many as the notebook made; no request to anything but the local server."""
    console: list[str] = []
    page.on("console", lambda m: _console_error(m, console))
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))

    problems: list[str] = []
    pages = site_pages(book_site)
    assert len(pages) >= 5, f"only {len(pages)} pages built: {pages}"
    shots = screenshot_pages(book_site)
    for path in pages:
        relative = path.relative_to(book_site).as_posix()
        console.clear()
        seen = _load(page, urljoin(site_url, relative))
        found = [f"{relative}: {p}" for p in seen["problems"]]
        if not seen["title"].strip() or not seen["h1"]:
            found.append(f"{relative}: no title or no heading ({seen['title']!r}, {seen['h1']!r})")
        if seen["mathErrors"]:
            found.append(f"{relative}: {seen['mathErrors']} formula(s) MathJax could not set")
        found += [f"{relative}: console: {message}" for message in console]
        source = SOURCES / path.parent.name / f"{path.stem}.ipynb"
        if source.exists() and path.parent.parent == book_site:
            wanted = expected_pictures(source)
            shown = {key: seen["counts"][key] for key in wanted}
            if shown != wanted:
                found.append(f"{relative}: pictures {shown}, the notebook made {wanted}")
        problems += found
        if path in shots:
            screenshot_whole(page, ARTIFACTS / f"book-{path.parent.name}-{path.stem}.png")
    assert not problems, "pages not rendered as they should be:\n" + "\n".join(problems)
    foreign = off_site(network, site_url)
    assert not foreign, f"requests that left the site: {sorted(set(foreign))}"
    network.assert_offline()


def screenshot_pages(site: Path) -> list[Path]:
    """One page of each edition to keep a picture of: SCREENSHOT_PAGE, else its first notebook."""
    shots = []
    for edition in sorted(p for p in site.iterdir() if (p / "index.html").is_file()):
        notebooks = sorted(p.stem for p in (SOURCES / edition.name).glob("*.ipynb"))
        if notebooks:
            name = SCREENSHOT_PAGE if SCREENSHOT_PAGE in notebooks else notebooks[0]
            shots.append(edition / f"{name}.html")
    return shots


def _console_error(message: ConsoleMessage, into: list[str]) -> None:
    """Keep ``message`` if it is an error, but not the 404 of /favicon.ico, which Chromium
    asks every site for (the book has no icon)."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        into.append(message.text[:300])


class _Links(HTMLParser):
    """The hrefs of a page's anchors, by class."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (class, href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append((attributes.get("class") or "", attributes["href"] or ""))


def _links(page: Path) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def _target(page: Path, href: str) -> Path:
    return (page.parent / urlsplit(href).path).resolve()


def test_pages_link_like_a_book(book_site: Path) -> None:
    """The home page links both editions; every page of an edition links the same page of the
    other edition and the home page; "next" leads from an edition's index through all its
    notebooks in order; no link inside the site points to a missing file."""
    editions = sorted(p.name for p in book_site.iterdir() if (p / "index.html").is_file())
    assert len(editions) == 2, f"editions built: {editions}"
    home_targets = {
        _target(book_site / "index.html", href) for _, href in _links(book_site / "index.html")
    }
    for edition in editions:
        assert book_site / edition / "index.html" in home_targets, f"home misses {edition}"

    broken = []
    for page in site_pages(book_site):
        for _, href in _links(page):
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            if not _target(page, href).exists():
                broken.append(f"{page.relative_to(book_site)} → {href}")
    assert not broken, "links to missing files:\n" + "\n".join(broken)

    for edition in editions:
        other = next(e for e in editions if e != edition)
        notebooks = sorted(p.stem for p in (SOURCES / edition).glob("*.ipynb"))
        for name in ["index", *notebooks]:
            page = book_site / edition / f"{name}.html"
            links = _links(page)
            switches = {_target(page, h) for c, h in links if "vt-edition-switch" in c}
            same = book_site / other / f"{name}.html"
            wanted = same if same.exists() else book_site / other / "index.html"
            assert switches == {wanted}, f"{edition}/{name}: other-edition links {switches}"
            home = {_target(page, h) for c, h in links if "vt-home-link" in c}
            assert home == {book_site / "index.html"}, f"{edition}/{name}: home links {home}"
        chain, page = [], book_site / edition / "index.html"
        while True:
            nexts = [h for c, h in _links(page) if "right-next" in c]
            if not nexts:
                break
            page = _target(page, nexts[0])
            chain.append(page.stem)
        assert chain == notebooks, f"{edition}: next → next → … visits {chain}"
