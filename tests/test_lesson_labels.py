"""The labels a lesson's own code writes on its pictures read Chinese in the Chinese edition.

Code cells are the same in both editions, so a title, axis label or legend entry a lesson
writes itself ("training step") is English in the source; ``vt.show()`` and the ``vt.plot`` /
``vt.figures`` functions put every label through the glossary of
``viz_transformer.pictures.common.language``. This test reads every such literal of every
lesson and asks the glossary for it: each one with a word in it must come back with Chinese
in it. Formulas and names ("ReLU  max(0, z)", "‖∂loss/∂x‖") stay as they are.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from viz_transformer.pictures.common.language import translate

LESSONS = sorted((Path(__file__).parent.parent / "lessons").glob("*.ipynb"))
LABEL_METHODS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "set_xticklabels"}
LABEL_KEYWORDS = {"title", "xlabel", "ylabel", "label"}
# names and symbols that stay as they are, and the English terms the glossary keeps after
# their Chinese (键 key)
KEPT = {"ReLU", "GELU", "Sublayer", "max", "loss", "softmax", "MiB", "query", "key", "value"}
# quoted text, tokens, indices, code
DATA = re.compile(r"“[^”]*”|\"[^\"]*\"|'[^']*'|<[^>]*>|\[[^\]]*\]|\w*[_.\d]\w*")
WORD = re.compile(r"[A-Za-z]{3,}")


def written_labels(code: str) -> list[str]:
    """The literal labels a cell writes, f-string values shown as 0."""
    labels = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in LABEL_METHODS:
            labels += [text for arg in node.args[:1] if (text := literal(arg))]
        labels += [
            text
            for keyword in node.keywords
            if keyword.arg in LABEL_KEYWORDS and (text := literal(keyword.value))
        ]
    return labels


def literal(node: ast.expr) -> str | None:
    """A string constant, or an f-string with its values as 0; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(literal(part) or "0" for part in node.values)
    return None


def cells(lesson: Path) -> list[str]:
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def english_words(label: str) -> set[str]:
    """The English words a reader reads in a label: not its quoted text, tokens, code,
    names or symbols."""
    return set(WORD.findall(DATA.sub(" ", label))) - KEPT


def test_what_counts_as_english() -> None:
    assert english_words("训练步数 · warm-up") == {"warm"}
    assert english_words("“how are you?” = E[ids]·√d_model") == set()
    assert english_words("键 key · <bos> 上的权重 · 0.ffn.hook_hidden · ReLU  max(0, z)") == set()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_every_label_a_lesson_writes_has_its_chinese(lesson: Path) -> None:
    labels = [label for code in cells(lesson) for label in written_labels(code)]
    untranslated = {
        label: translate(label, "zh") for label in labels if english_words(translate(label, "zh"))
    }
    assert not untranslated, f"{lesson.name}: English left in the Chinese labels: {untranslated}"


def test_the_reader_finds_labels_of_every_kind() -> None:
    code = (
        'ax.set(xlabel="step", title=f"peak {lr:g}")\nax.plot(x, label="ours")\nfig.suptitle("s")'
    )
    assert written_labels(code) == ["step", "peak 0", "ours", "s"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lessons_show_their_figures_with_vt_show(lesson: Path) -> None:
    """``plt.show()`` would show a lesson's own labels in English in the Chinese edition."""
    assert not [code for code in cells(lesson) if "plt.show(" in code]
