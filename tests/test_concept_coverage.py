"""Every concept of docs/CONCEPTS.md has a notebook section, so the suite cannot silently drop
one: a markdown heading carrying the concept's Chinese term (as CONCEPTS.md writes it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CONCEPTS = ROOT / "docs" / "CONCEPTS.md"


def concept_rows() -> list[tuple[str, list[str]]]:
    """(concept, its Chinese terms) for each row of the concept table."""
    rows = []
    for line in CONCEPTS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("concept", "---"):
            terms = [t.strip() for t in re.split(r"[/／]", cells[1]) if t.strip()]
            rows.append((cells[0], terms))
    return rows


def notebook_headings() -> list[str]:
    headings = []
    for path in sorted((ROOT / "notebooks").glob("*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "markdown":
                source = "".join(cell["source"])
                headings += [
                    f"{path.name}: {line}" for line in source.splitlines() if line.startswith("#")
                ]
    return headings


def test_the_concept_table_was_read() -> None:
    assert len(concept_rows()) >= 20


@pytest.mark.parametrize(("concept", "terms"), concept_rows(), ids=lambda v: str(v)[:30])
def test_concept_has_a_notebook_section(concept: str, terms: list[str]) -> None:
    headings = notebook_headings()
    assert any(term in heading for heading in headings for term in terms), (
        f"no notebook heading names {concept!r} ({' / '.join(terms)})"
    )
