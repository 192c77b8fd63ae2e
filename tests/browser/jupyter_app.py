"""Drive a notebook in JupyterLab or Notebook 7 through ``window.jupyterapp`` (the server runs
with ``expose_app_in_browser``): run all cells, wait for the kernel, read the notebook model.

Both front ends are built from JupyterLab's parts, so the same calls work in each; reading the
model (not only the DOM) tells which output a cell *should* show, so a widget that fell back to
its text form ("VBox(...)") is caught as clearly as an error.
"""

from __future__ import annotations

import uuid

from playwright.sync_api import Page

from .waiting import wait_until

APP_TIMEOUT_MS = 60_000
RUN_TIMEOUT_MS = 120_000

# the output a notebook cell shows, by preference, when it carries one of these; the first two
# render without a data-mime-type: a widget view holds a .jupyter-widgets element, a plotly
# figure a .js-plotly-plot
VISUAL_MIME_TYPES = (
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.plotly.v1+json",
    "image/png",
    "image/svg+xml",
    "image/jpeg",
)

_NOTEBOOK_JS = "(window.jupyterapp && window.jupyterapp.shell.currentWidget)"

_KERNEL_IDLE_JS = f"""
() => {{
  const panel = {_NOTEBOOK_JS};
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return Boolean(kernel) && kernel.status === 'idle' && !panel.sessionContext.pendingInput;
}}
"""

_OPEN_AND_IDLE_JS = f"""
(path) => {{
  const panel = {_NOTEBOOK_JS};
  return Boolean(panel && panel.context && panel.context.path === path) && ({_KERNEL_IDLE_JS})();
}}
"""

_OPEN_JS = """
(path) => window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'})
  .then(() => true)
"""

_CLOSE_ALL_JS = """
() => {
  for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (widget.context) widget.context.model.dirty = false;
    widget.dispose();
  }
}
"""

_RUN_ALL_JS = f"""
() => {{
  window.__runAll = {{done: false}};
  {_NOTEBOOK_JS}.content.activeCellIndex = 0;
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    (ok) => {{ window.__runAll = {{done: true, ok}}; }},
    (error) => {{ window.__runAll = {{done: true, ok: false, error: String(error)}}; }});
}}
"""

_MODEL_ERRORS_JS = f"""
() => {{
  const found = [];
  for (const cell of {_NOTEBOOK_JS}.content.widgets) {{
    if (cell.model.type !== 'code') continue;
    for (const output of cell.model.outputs.toJSON()) {{
      if (output.output_type === 'error') found.push(output.ename + ': ' + output.evalue);
    }}
  }}
  return found;
}}
"""

_MISRENDERED_JS = f"""
(visualTypes) => {{
  const found = [];
  const cells = {_NOTEBOOK_JS}.content.widgets;
  cells.forEach((cell, index) => {{
    if (cell.model.type !== 'code') return;
    const shown = cell.outputArea.node.querySelectorAll(
      ':scope > .jp-OutputArea-child > .jp-OutputArea-output');
    cell.model.outputs.toJSON().forEach((output, j) => {{
      const wanted = visualTypes.find((type) => output.data && type in output.data);
      const el = shown[j];
      const got = !el ? 'nothing'
        : el.querySelector(':scope > .jupyter-widgets') ? visualTypes[0]
        : el.matches('.js-plotly-plot, :has(.js-plotly-plot)') ? visualTypes[1]
        : el.getAttribute('data-mime-type');
      if (wanted && got !== wanted) found.push(`cell ${{index}} output ${{j}}: ${{wanted}} shown as ${{got}}`);
    }});
  }});
  return found;
}}
"""


def lab_url_path(notebook: str = "") -> str:
    """JupyterLab's address of ``notebook`` (relative to the server root; none: no document) in
    a workspace of its own: the default workspace would reopen, and start kernels for, every
    notebook an earlier test opened."""
    workspace = f"/lab/workspaces/test-{uuid.uuid4().hex[:12]}"
    return f"{workspace}/tree/{notebook}" if notebook else workspace


def open_notebook(page: Page, url: str, notebook: str) -> None:
    """Load ``url`` (see :func:`lab_url_path`, or Notebook 7's ``/notebooks/<notebook>``) and
    wait until ``notebook`` is the current document and its kernel is started and idle."""
    page.goto(url, wait_until="domcontentloaded", timeout=APP_TIMEOUT_MS)
    wait_until(page, _OPEN_AND_IDLE_JS, arg=notebook, timeout_ms=APP_TIMEOUT_MS)


def open_lab(page: Page, url: str) -> None:
    """Load JupyterLab at ``url`` (an empty workspace: see :func:`lab_url_path`), wait until it
    is ready for commands, and leave the whole width to the notebooks to come (no launcher, the
    file browser folded away, as when a notebook's own address is opened)."""
    page.goto(url, wait_until="domcontentloaded", timeout=APP_TIMEOUT_MS)
    wait_until(page, "() => Boolean(window.jupyterapp)", timeout_ms=APP_TIMEOUT_MS)
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")
    close_documents(page)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")


def open_in_lab(page: Page, notebook: str) -> None:
    """Open ``notebook`` (relative to the server root) in the JupyterLab already loaded in
    ``page`` and wait until it is current and its kernel idle: loading the app once for many
    notebooks saves seconds per notebook."""
    page.evaluate(_OPEN_JS, notebook)
    wait_until(page, _OPEN_AND_IDLE_JS, arg=notebook, timeout_ms=APP_TIMEOUT_MS)


def close_documents(page: Page) -> None:
    """Close every document of the JupyterLab in ``page`` without asking to save (a test's run
    leaves them changed; the files on disk stay as they were)."""
    page.evaluate(_CLOSE_ALL_JS)


def run_all_cells(page: Page, timeout_ms: float = RUN_TIMEOUT_MS) -> bool:
    """Run every cell and wait until the run ends (it stops at a failing cell) and the kernel
    is idle again. True when every cell ran without error."""
    page.evaluate(_RUN_ALL_JS)
    wait_until(page, "() => window.__runAll.done", timeout_ms=timeout_ms)
    wait_until_idle(page, timeout_ms)
    return page.evaluate("() => window.__runAll.ok")


def wait_until_idle(page: Page, timeout_ms: float = RUN_TIMEOUT_MS) -> None:
    """Wait until the notebook's kernel is idle (e.g. after a control started a computation)."""
    wait_until(page, _KERNEL_IDLE_JS, timeout_ms=timeout_ms)


def model_errors(page: Page) -> list[str]:
    """``ename: evalue`` of every error output in the notebook model."""
    return page.evaluate(_MODEL_ERRORS_JS)


def misrendered_outputs(page: Page) -> list[str]:
    """Outputs whose widget, plot or image the page shows as something else (a widget as its
    text form when the front-end extension is missing, a plot as 'no renderer')."""
    return page.evaluate(_MISRENDERED_JS, list(VISUAL_MIME_TYPES))
