"""The glossary (lesson 15) cannot send a learner to a lesson that does not teach the term: every
row of both editions' tables links a lesson of the same edition, and that lesson's text uses the
term (the English term in the English edition, the Chinese one in the Chinese edition). The two
editions hold the same rows, and every Chinese term of docs/CONCEPTS.md has its row. Pure JSON
and text reading: no notebook runs."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = "15_glossary.ipynb"
LANGS = ("en", "zh")
LINK = re.compile(r"\[(\d\d) · [^\]]+\]\(([^)\s#]+\.ipynb)(?:#[^)]*)?\)")

# A term cell lists its names separated by " / "; a row passes if a linked lesson uses any of
# them. Where a lesson teaches a term under a shorter or different wording, the accepted
# spellings are listed here (lower case), keyed by the term cell as it stands in the table.
SPELLINGS: dict[str, list[str]] = {
    "attention score": ["attention score", "score"],
    "注意力分数": ["注意力分数", "分数"],
    "attention weights": ["attention weight", "weights"],
    "注意力权重": ["注意力权重", "权重"],
    "scaling factor": ["scaling factor", "scaling"],
    "softmax 饱和": ["饱和"],
    "attention heatmap": ["attention heatmap", "heatmap"],
    "attention entropy": ["attention entropy", "entropy"],
    "注意力熵": ["注意力熵", "熵"],
    "head ablation": ["ablation", "head off"],
    "计算复杂度 o(n²)": ["计算复杂度"],
}


class Row(NamedTuple):
    english: str
    chinese: str
    meaning: str
    links: tuple[tuple[str, str], ...]  # (number in the link text, file)


def markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@cache
def rows(lang: str) -> tuple[Row, ...]:
    """The body rows of every table in the glossary's text cells (headers and rules skipped)."""
    found = []
    for text in markdown(ROOT / "notebooks" / lang / GLOSSARY):
        lines = [line for line in text.splitlines() if line.startswith("|")]
        for index, line in enumerate(lines):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if index == 0 or set(line) <= set("|- "):
                continue  # a table's header or its rule
            assert len(cells) == 4, f"{lang}: a row needs 4 cells: {line}"
            english, chinese, meaning, where = cells
            found.append(Row(english, chinese, meaning, tuple(LINK.findall(where))))
    return tuple(found)


@cache
def lesson_text(lang: str, name: str) -> str:
    """A lesson's text cells, lower case, without emphasis marks (*permutation* equivariance)."""
    return "\n".join(markdown(ROOT / "notebooks" / lang / name)).lower().replace("*", "")


def spellings(term: str) -> list[str]:
    key = term.lower()
    return SPELLINGS.get(key, [name.strip() for name in key.split(" / ")])


def test_the_glossary_has_tables_in_both_editions() -> None:
    for lang in LANGS:
        assert len(rows(lang)) >= 50, f"{lang}: only {len(rows(lang))} terms"
        english = [row.english.lower() for row in rows(lang)]
        assert len(english) == len(set(english)), f"{lang}: a term is listed twice"


def test_the_editions_hold_the_same_terms_and_links() -> None:
    en, zh = ([(r.english, r.chinese, r.links) for r in rows(lang)] for lang in LANGS)
    assert en == zh


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_points_at_a_lesson_that_teaches_the_term(lang: str) -> None:
    wrong = []
    for row in rows(lang):
        term = row.english if lang == "en" else row.chinese
        if not row.links:
            wrong.append(f"{term}: no lesson linked")
        for number, name in row.links:
            path = ROOT / "notebooks" / lang / name
            if name == GLOSSARY or not path.exists():
                wrong.append(f"{term}: {name} is not a lesson of notebooks/{lang}")
            elif not name.startswith(number):
                wrong.append(f"{term}: the link to {name} says {number}")
            elif not any(word in lesson_text(lang, name) for word in spellings(term)):
                wrong.append(f"{term}: {name} never uses it (accepted: {spellings(term)})")
    assert not wrong, "\n".join(wrong)


def test_every_chinese_term_of_the_concepts_has_a_row() -> None:
    """docs/CONCEPTS.md names the concepts the suite must teach; each of its Chinese terms (the
    names in its 中文 column) is a term of the glossary."""
    terms = " ".join(f"{row.english} {row.chinese}" for row in rows("zh")).lower()
    concepts = (ROOT / "docs" / "CONCEPTS.md").read_text(encoding="utf-8").splitlines()
    table = [line for line in concepts if line.startswith("|")][2:]
    assert table, "docs/CONCEPTS.md has no table of concepts"
    missing = []
    for line in table:
        chinese = re.sub(r"\(.*?\)", "", line.strip("|").split("|")[1])
        for name in re.split(r"[/\s]+", chinese.strip()):
            if name and name.lower() not in terms:
                missing.append(name)
    assert not missing, f"Chinese terms of docs/CONCEPTS.md without a glossary row: {missing}"
