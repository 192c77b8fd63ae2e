"""A lesson JupyterLab ran, kept as the book's executed copy (``save_executed`` in
book/build.py): the notebook as the page's model holds it, and its widgets' state.

The state comes from @jupyter-widgets/jupyterlab-manager: with its ``saveState`` setting on
(jupyter_env.SETTINGS), it writes every widget's state into the notebook's metadata when the
document's ``saveState`` signal says ``started``. The signal is emitted here without saving:
the file on disk is never written. The manager leaves out values equal to a default
(``drop_defaults``), the model's name among them, which is put back from the entry.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from book.build import save_executed

_EXECUTED_JS = """
() => {
  const context = window.jupyterapp.shell.currentWidget.context;
  context.saveState.emit('started');
  const nb = context.model.toJSON();
  const saved = (nb.metadata.widgets || {})['application/vnd.jupyter.widget-state+json'];
  delete nb.metadata.widgets;
  for (const cell of nb.cells) {
    if (cell.attachments == null) delete cell.attachments;  // the model gives null: not nbformat
  }
  const states = {};
  for (const [id, model] of Object.entries(saved ? saved.state : {})) {
    // an anywidget's code (_esm: 5 MB for each plotly figure) no static picture reads
    const {_esm, _css, ...state} = model.state;
    states[id] = {_model_name: model.model_name, ...state};
  }
  return {nb, states};
}
"""


def save_lab_copy(page: Page, notebook: Path) -> None:
    """Save the current notebook of the JupyterLab in ``page``, ``notebook`` run in it top to
    bottom, as the book's executed copy of ``notebook``."""
    executed = page.evaluate(_EXECUTED_JS)
    save_executed(notebook, executed["nb"], executed["states"])
