"""Build the book: every notebook of both editions executed, rendered by Sphinx as a static site
that works offline. ``make book`` runs this; ``python book/build.py --help`` lists the options.

Three steps, each skipped where its result is newer than what it is made from:

1. **Execute** each edition's notebooks with nbclient, ``--jobs`` at a time (one kernel each),
   the kernel working in the notebook's folder so it reads that folder's ``edition.toml``, into
   ``_build/executed/<edition>/``. A notebook is executed again only when it, its folder's
   ``edition.toml`` or a file of the package changed since. A cell that raises fails the build,
   naming the notebook and the cell. The test run saves the notebooks it executes there too
   (:func:`save_executed`, from kernels started with :func:`book_kernel_env`), so after
   ``make test`` there is little or nothing left to execute.
2. **Prepare** the Sphinx sources in ``_build/src/<edition>/``: each executed notebook with a
   ``text/html`` plotly div (plotly.js not included) next to every plotly figure, and the
   edition's index page. A file is rewritten only when its content changed, so Sphinx rereads
   only what changed.
3. **Render** both editions with Sphinx (myst-nb, execution off; ``conf.py``), side by side in
   two processes, into ``_build/html/<edition>/``, plus the bilingual home page
   ``_build/html/index.html``. plotly.js and MathJax are served from the site itself.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import tomllib

BOOK = Path(__file__).resolve().parent
REPO = BOOK.parent
PACKAGE = REPO / "viz_transformer"
BUILD = BOOK / "_build"
DEFAULT_EDITIONS = (REPO / "notebooks" / "en", REPO / "notebooks" / "zh")
EDITION_FILE = "edition.toml"
CELL_TIMEOUT = 1200  # seconds; 08_training trains for up to 600 s (its own limit) in one cell
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

# What each edition is called, in its own language and in the other one.
EDITION_NAMES = {"en": "English edition", "zh": "中文版"}
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}
INDEX_TEXT = {
    "en": (
        "viz-transformer: the notebooks",
        "A compact, fully hooked Transformer and what its attention does, one notebook per "
        "chapter. The pages were executed when the book was built: every picture is the one "
        "the notebook drew. The explorers show their first picture; run the notebooks in "
        "JupyterLab (`make lab`) to move their controls.",
    ),
    "zh": (
        "viz-transformer 笔记本",
        "一个小巧、处处可挂钩的 Transformer，以及它的注意力在做什么，每章一个笔记本。"
        "这些页面在构建本书时已执行：每张图都是笔记本画出的原图。交互式探索器只显示第一张图；"
        "在 JupyterLab 中运行笔记本（`make lab`）即可拖动其控件。",
    ),
}


@dataclass(frozen=True)
class Edition:
    """One folder of notebooks in one language."""

    name: str  # "en" or "zh": the language the package labels pictures in
    folder: Path

    @property
    def notebooks(self) -> list[Path]:
        return sorted(self.folder.glob("*.ipynb"))


def read_edition(folder: Path) -> Edition:
    """The edition in ``folder``: its ``edition.toml``'s ``language`` (else the folder's name)."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise SystemExit(f"book: no notebook folder {folder}")
    name = folder.name
    edition_file = folder / EDITION_FILE
    if edition_file.is_file():
        name = tomllib.loads(edition_file.read_text(encoding="utf-8")).get("language", name)
    if name not in EDITION_NAMES:
        raise SystemExit(f"book: {folder}: language {name!r} is not one of {list(EDITION_NAMES)}")
    edition = Edition(name, folder)
    if not edition.notebooks:
        raise SystemExit(f"book: {display_path(folder)} holds no notebook")
    return edition


# --- 1. execute ---------------------------------------------------------------------------


def newest_mtime(paths: list[Path]) -> float:
    return max((p.stat().st_mtime for p in paths if p.exists()), default=0.0)


def package_files() -> list[Path]:
    """Every file of the package (code, checkpoints, templates) a notebook's output depends on."""
    return [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def executed_path(edition: Edition, notebook: Path) -> Path:
    return BUILD / "executed" / edition.name / notebook.name


def executed_copy(notebook: Path) -> Path:
    """Where the executed copy of ``notebook`` (in an edition's folder) is kept."""
    return executed_path(read_edition(notebook.parent), notebook)


def stale_notebooks(editions: list[Edition], force: bool) -> list[tuple[Edition, Path]]:
    """The notebooks whose executed copy is missing or older than the notebook, its folder's
    ``edition.toml`` or any file of the package."""
    package = newest_mtime(package_files())
    stale = []
    for edition in editions:
        shared = max(package, newest_mtime([edition.folder / EDITION_FILE]))
        for notebook in edition.notebooks:
            done = executed_path(edition, notebook)
            newest_input = max(shared, notebook.stat().st_mtime)
            if force or not done.exists() or done.stat().st_mtime <= newest_input:
                stale.append((edition, notebook))
    return stale


# What decides how the book's kernels draw, set and unset (see book_kernel_env).
PICTURE_VARIABLES = {"VIZ_TRANSFORMER_STATIC_OUTPUT": "1", "PLOTLY_RENDERER": "plotly_mimetype"}
UNSET_VARIABLES = ("MPLBACKEND", "VIZ_TRANSFORMER_LANG")


def book_kernel_env(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` as every kernel whose outputs become the book's starts with (this script's and
    the test run's, see :func:`save_executed`): explorers add their static picture, plotly
    emits its JSON (turned into HTML in step 2), matplotlib draws inline (no ``MPLBACKEND``:
    ``Agg`` would show no figure), and the language comes from the folder's ``edition.toml``
    (not from a variable the caller happened to set)."""
    kept = {name: value for name, value in env.items() if name not in UNSET_VARIABLES}
    return {**kept, **PICTURE_VARIABLES}


def kernel_environment(threads: int) -> dict[str, str]:
    """This script's kernels' environment: :func:`book_kernel_env`, and torch using
    ``threads`` threads: kernels side by side would otherwise each start one per core and
    spin against each other (09_interventions took 4x the CPU time that way)."""
    env = book_kernel_env(os.environ)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiets a debugger warning on stderr
    env.setdefault("OMP_NUM_THREADS", str(threads))
    env.setdefault("MKL_NUM_THREADS", str(threads))
    return env


def execute(notebook: Path, threads: int) -> tuple[float, float, str | None]:
    """Run ``notebook`` top to bottom in a fresh kernel working in its folder and save the
    result as its executed copy. Returns (seconds, the kernel's CPU seconds, None), or the
    same with what failed in place of None, and then nothing is saved."""
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernels this worker ended
        return usage.ru_utime + usage.ru_stime

    start, cpu_start = time.monotonic(), cpu()
    failure = run_cells(notebook, threads)
    return time.monotonic() - start, cpu() - cpu_start, failure


def run_cells(notebook: Path, threads: int) -> str | None:
    """The cells of ``notebook`` in order, in a kernel of its own; None when all ran (and the
    executed notebook is saved), else the failed cell and its error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    log = executed_copy(notebook).with_suffix(".kernel.log")  # the kernel's stderr (start-up)
    log.parent.mkdir(parents=True, exist_ok=True)
    env = kernel_environment(threads)
    with log.open("w") as kernel_log, client.setup_kernel(env=env, stderr=kernel_log):
        code_number = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            code_number += 1
            try:
                client.execute_cell(cell, index)
            except Exception as error:  # the cell's own error, or the kernel's (it died...)
                first_line = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                what = (
                    f"{error.ename}: {error.evalue}"
                    if isinstance(error, CellExecutionError)
                    else f"{type(error).__name__} while running it: {error}"
                )
                return (
                    f"{display_path(notebook)}: cell {index + 1} (code cell {code_number}, "
                    f"starting {first_line.strip()[:60]!r}) raised {what}"
                )
    save_executed(notebook, nb, client.widget_state)
    return None


def save_executed(notebook: Path, nb: dict, widget_states: dict[str, dict]) -> None:
    """Keep ``nb``, ``notebook`` executed top to bottom in one kernel started with
    :func:`book_kernel_env` (by this script, or by the test run: nbval, JupyterLab), as its
    executed copy: each widget output given a static picture (:func:`add_widget_pictures`,
    ``widget_states``: model id → state at the end of the run), written whole or not at all
    (a reader never meets half a file; two writers never share the unfinished one). Being
    newer than its inputs, the copy is not executed again (:func:`stale_notebooks`)."""
    import nbformat

    add_widget_pictures(nb, widget_states)
    out = executed_copy(notebook)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(f".{os.getpid()}.partial")
    nbformat.write(nbformat.from_dict(nb), partial)
    partial.replace(out)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BOXES = {"BoxModel", "HBoxModel", "VBoxModel", "GridBoxModel", "TabModel", "AccordionModel"}


def add_widget_pictures(nb: dict, states: dict[str, dict]) -> None:
    """Give every widget output that has no static picture (``text/html``) one, drawn from
    the widgets' state at the end of the run (``states``: model id → state, as the front end
    kept it: nbclient, or JupyterLab in the test run): what an Output widget holds (images,
    HTML, text), HTML and label widgets, and the controls' values as a line. Explorers bring
    their own picture (``static_output.py``); this covers widgets a notebook builds itself."""
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "text/html" not in data:
                model_id = data[WIDGET_VIEW].get("model_id", "")
                data["text/html"] = widget_html(model_id, states)


def widget_html(model_id: str, states: dict[str, dict]) -> str:
    """The static picture of widget ``model_id`` and the widgets inside it."""
    parts: list[str] = []
    controls: list[str] = []

    def flush() -> None:
        if controls:
            parts.append(f'<p class="vt-static-controls">{" · ".join(controls)}</p>')
            controls.clear()

    def walk(model: str) -> None:
        state = states.get(model.removeprefix("IPY_MODEL_"), {})
        layout = states.get(str(state.get("layout", "")).removeprefix("IPY_MODEL_"), {})
        name = state.get("_model_name", "")
        if not state or layout.get("display") == "none" or name == "ButtonModel":
            return
        if name in BOXES:
            for child in state.get("children", []):
                walk(child)
        elif name == "OutputModel":
            flush()
            parts.extend(output_html(output) for output in state.get("outputs", []))
        elif name in ("HTMLModel", "HTMLMathModel", "LabelModel"):
            flush()
            value = state.get("value", "")
            parts.append(f"<div>{value if name != 'LabelModel' else html.escape(value)}</div>")
        elif "value" in state or "index" in state:
            controls.append(html.escape(control_text(state)))

    walk(model_id)
    flush()
    return '<div class="vt-static-widget">\n' + "\n".join(p for p in parts if p) + "\n</div>"


def control_text(state: dict) -> str:
    """``description: value`` of a control, a selection showing its chosen label(s)."""
    labels, index = state.get("_options_labels"), state.get("index")
    if labels is not None and isinstance(index, int):
        value = labels[index]
    elif labels is not None and isinstance(index, list):
        value = ", ".join(labels[i] for i in index) or "—"
    else:
        value = state.get("value", "")
    label = state.get("description", "")
    return f"{label}: {value}" if label else str(value)


def output_html(output: dict) -> str:
    """One output an Output widget captured: its image, HTML, plotly figure or text."""
    data = output.get("data", {})
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            return f'<img src="data:{mime};base64,{data[mime]}" alt="">'
    if "text/html" in data:
        return "".join(data["text/html"])
    if PLOTLY_MIME in data:
        return plotly_html(data[PLOTLY_MIME], div_id=None)
    text = output.get("text") or data.get("text/plain", "")
    return f"<pre>{html.escape(''.join(text))}</pre>" if text else ""


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def execute_all(editions: list[Edition], jobs: int, force: bool) -> None:
    """Execute the stale notebooks, ``jobs`` at a time, slowest first (the longest notebooks
    start early, so the two kernels finish together); exit naming every failed cell."""
    stale = stale_notebooks(editions, force)
    if not stale:
        print("book: every notebook's execution is up to date", flush=True)
        return
    timings = _previous_timings()
    stale.sort(key=lambda item: -timings.get(f"{item[0].name}/{item[1].name}", 0.0))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    print(
        f"book: executing {len(stale)} notebook(s), {jobs} at a time, "
        f"{threads} torch thread(s) each",
        flush=True,
    )
    failures = []
    start, total_cpu = time.monotonic(), 0.0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(execute, nb, threads): (ed, nb) for ed, nb in stale}
        for future in as_completed(futures):
            edition, notebook = futures[future]
            seconds, cpu_seconds, failure = future.result()
            total_cpu += cpu_seconds
            timings[f"{edition.name}/{notebook.name}"] = seconds
            status = "FAILED" if failure else "ok"
            print(
                f"  {status:6} {seconds:6.1f} s (kernel CPU {cpu_seconds:5.1f} s)  "
                f"{edition.name}/{notebook.name}",
                flush=True,
            )
            if failure:
                failures.append(failure)
    _save_timings(timings)
    print(
        f"book: executed in {time.monotonic() - start:.0f} s (kernels' CPU {total_cpu:.0f} s)",
        flush=True,
    )
    if failures:
        raise SystemExit("book: a notebook failed to execute:\n  " + "\n  ".join(failures))


def _timings_file() -> Path:
    return BUILD / "executed" / "timings.json"


def _previous_timings() -> dict[str, float]:
    try:
        return json.loads(_timings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_timings(timings: dict[str, float]) -> None:
    _timings_file().parent.mkdir(parents=True, exist_ok=True)
    _timings_file().write_text(json.dumps(timings, indent=1, sort_keys=True), encoding="utf-8")


# --- 2. prepare ---------------------------------------------------------------------------


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it holds it already (Sphinx rebuilds by mtime)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def plotly_html(figure: dict, div_id: str | None) -> str:
    """A plotly figure (its JSON) as a div drawn by the page's plotly.js (not included)."""
    import plotly.io as pio

    return pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        config=PLOTLY_CONFIG,
        validate=False,
        div_id=div_id,
    )


def with_plotly_html(nb: dict, name: str) -> dict:
    """``nb`` with a ``text/html`` plotly div (without plotly.js: the page loads it once) in
    place of every output that holds only plotly's JSON, which myst-nb does not render. The
    div's id is fixed (``name``, cell, output), so the same notebook gives the same page."""

    for i, cell in enumerate(nb["cells"]):
        for j, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            if PLOTLY_MIME in data and "text/html" not in data:
                data["text/html"] = plotly_html(data[PLOTLY_MIME], f"{name}-plotly-{i}-{j}")
                del data[PLOTLY_MIME]
    return nb


def with_html_links(nb: dict, pages: list[str]) -> dict:
    """``nb`` with the raw-HTML links between notebooks (``<a href="04_masks.ipynb">``, in an
    answer's ``<details>``, say) pointing at their pages; MyST rewrites Markdown links itself
    but leaves raw HTML as it is."""
    link = re.compile(r'href="(' + "|".join(map(re.escape, pages)) + r')\.ipynb(#[^"]*)?"')
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and pages:
            source = "".join(cell["source"])
            cell["source"] = link.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', source)
    return nb


def page_title(notebook: Path) -> str:
    """The notebook's first heading, as its page is titled."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def edition_index(edition: Edition, pages: list[str]) -> str:
    title, intro = INDEX_TEXT[edition.name]
    toctree = "\n".join(pages)
    return f"# {title}\n\n{intro}\n\n```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n"


def prepare(editions: list[Edition]) -> dict[str, list[str]]:
    """Write each edition's Sphinx sources; returns each edition's page names, in order."""
    pages = {}
    for edition in editions:
        src = BUILD / "src" / edition.name
        names = [nb.stem for nb in edition.notebooks]
        for notebook in edition.notebooks:
            executed = json.loads(executed_path(edition, notebook).read_text(encoding="utf-8"))
            page = with_html_links(with_plotly_html(executed, notebook.stem), names)
            write_if_changed(src / notebook.name, json.dumps(page, ensure_ascii=False))
        write_if_changed(src / "index.md", edition_index(edition, names))
        for old in src.glob("*.ipynb"):  # a notebook removed from the edition
            if old.stem not in names:
                old.unlink()
        pages[edition.name] = names
    from plotly.offline import get_plotlyjs

    write_if_changed(BUILD / "static" / "plotly.min.js", get_plotlyjs())
    return pages


# --- 3. render ----------------------------------------------------------------------------


def render_inputs(editions: list[Edition]) -> list[Path]:
    """What the site is made from in step 3: the Sphinx sources and the book's own files."""
    sources = [p for e in editions for p in (BUILD / "src" / e.name).iterdir()]
    own = [p for p in BOOK.rglob("*") if p.is_file() and BUILD not in p.parents]
    return [*sources, *own, BUILD / "pages.json", BUILD / "static" / "plotly.min.js"]


def render(editions: list[Edition], pages: dict[str, list[str]], strict: bool) -> bool:
    """Both editions through Sphinx at once (one process each), then the home page; nothing
    when the site is newer than everything it is made from. Returns whether it rendered."""
    # pages added or removed change every page's neighbours, sidebar and edition links,
    # which Sphinx's incremental build does not rewrite: then every page is read afresh (-E)
    new_pages = write_if_changed(BUILD / "pages.json", json.dumps(pages, sort_keys=True))
    stamp = BUILD / "html" / ".rendered"
    rendered = json.dumps(sorted(e.name for e in editions))
    if (
        stamp.exists()
        and stamp.read_text(encoding="utf-8") == rendered
        and stamp.stat().st_mtime > newest_mtime(render_inputs(editions))
    ):
        print("book: the site is up to date", flush=True)
        return False
    stamp.unlink(missing_ok=True)
    runs = []
    for edition in editions:
        argv = [
            *(sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(BOOK)),
            *("-d", str(BUILD / "doctrees" / edition.name)),
            *(["-W", "--keep-going"] if strict else []),
            *(["-E"] if new_pages else []),
            *(str(BUILD / "src" / edition.name), str(BUILD / "html" / edition.name)),
        ]
        env = {**os.environ, "VT_BOOK_EDITION": edition.name, "VT_BOOK_PAGES": str(BUILD)}
        runs.append((edition, subprocess.Popen(argv, env=env)))
    failed = [edition.name for edition, run in runs if run.wait() != 0]
    if failed:
        raise SystemExit(f"book: Sphinx failed for the edition(s) {failed} (messages above)")
    write_if_changed(BUILD / "html" / "index.html", home_page(editions, pages))
    stamp.write_text(rendered, encoding="utf-8")
    return True


def home_page(editions: list[Edition], pages: dict[str, list[str]]) -> str:
    """The bilingual front page: each edition, in its own language, with its chapters."""
    template = (BOOK / "home.html").read_text(encoding="utf-8")
    columns = []
    for edition in editions:
        title, _ = INDEX_TEXT[edition.name]
        chapters = "\n".join(
            f'      <li><a href="{edition.name}/{name}.html">'
            f"{html.escape(page_title(edition.folder / f'{name}.ipynb'))}</a></li>"
            for name in pages[edition.name]
        )
        columns.append(
            f'  <section lang="{SPHINX_LANGUAGE[edition.name].replace("_", "-")}">\n'
            f'    <h2><a href="{edition.name}/index.html">{EDITION_NAMES[edition.name]}</a></h2>\n'
            f"    <p>{html.escape(title)}</p>\n"
            f"    <ol>\n{chapters}\n    </ol>\n  </section>"
        )
    return template.replace("<!-- editions -->", "\n".join(columns))


# --- the command --------------------------------------------------------------------------


def build(edition_folders: list[Path], jobs: int, force: bool, strict: bool) -> Path:
    """Build the book; returns its home page."""
    editions = [read_edition(folder) for folder in edition_folders]
    names = [edition.name for edition in editions]
    if len(set(names)) != len(names):
        raise SystemExit(f"book: two folders of the same language: {names}")
    start = time.monotonic()
    execute_all(editions, jobs, force)
    pages = prepare(editions)
    rendering = time.monotonic()
    if render(editions, pages, strict):
        print(f"book: rendered in {time.monotonic() - rendering:.0f} s", flush=True)
    home = BUILD / "html" / "index.html"
    print(f"book: built in {time.monotonic() - start:.0f} s: {display_path(home)}", flush=True)
    return home


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "editions",
        nargs="*",
        type=Path,
        default=list(DEFAULT_EDITIONS),
        help="folders of notebooks, one per edition (default: notebooks/en notebooks/zh)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="kernels at once")
    parser.add_argument("--force", action="store_true", help="execute every notebook again")
    parser.add_argument("--clean", action="store_true", help="delete _build first")
    parser.add_argument(
        "--no-strict", dest="strict", action="store_false", help="Sphinx warnings do not fail"
    )
    args = parser.parse_args(argv)
    if args.clean:
        shutil.rmtree(BUILD, ignore_errors=True)
    build(args.editions, args.jobs, args.force, args.strict)


if __name__ == "__main__":
    main()
