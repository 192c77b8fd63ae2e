"""The two editions are one lesson each: built from one bilingual source (scripts/editions.py),
the same code cell by cell, every text cell with its Chinese counterpart, and Chinese in the
Chinese one."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")
JARGON = re.compile(r"seed (sentence|article|example|text)s?", re.IGNORECASE)


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_every_edition_is_what_its_source_makes() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/editions.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_editions_share_every_code_cell_and_pair_every_text_cell(lesson: Path) -> None:
    en, zh = (cells(ROOT / "notebooks" / lang / lesson.name) for lang in ("en", "zh"))
    assert [c["cell_type"] for c in en] == [c["cell_type"] for c in zh]
    for english, chinese in zip(en, zh, strict=True):
        if english["cell_type"] == "code":
            assert english["source"] == chinese["source"], english.get("id")
        else:
            assert CJK.search("".join(chinese["source"])), f"{chinese.get('id')} has no Chinese"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_internal_jargon_reaches_a_learner(lesson: Path) -> None:
    for lang in ("en", "zh"):
        for cell in cells(ROOT / "notebooks" / lang / lesson.name):
            if cell["cell_type"] == "markdown":
                assert not JARGON.search("".join(cell["source"])), (lang, cell.get("id"))
