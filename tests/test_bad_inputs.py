"""Law: every bad input in the table gets this package's error, naming the problem, and
leaves untouched what it must not write (the rows live in ``tests/bad_inputs/``)."""

from __future__ import annotations

import re

import pytest
from bad_inputs import api, classroom, cli

CASES = [*api.CASES, *cli.CASES, *classroom.CASES]


def test_the_table_is_not_empty():
    assert CASES, "the bad-input table lost its rows"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gets_a_plain_answer(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a row that writes into "." writes here, never into the repo
    with pytest.raises(case.error) as info:
        case.act(tmp_path)
    assert re.search(case.says, str(info.value)), f"{case.says!r} not in {str(info.value)!r}"
    if case.untouched is not None:
        case.untouched(tmp_path)
