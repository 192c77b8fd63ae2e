"""The layering (DESIGN.md, "Rules") is checked, not remembered: `lint-imports` runs the
contracts in pyproject.toml's [tool.importlinter], and a broken one fails the test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--config", "pyproject.toml", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"an import contract is broken:\n{report}"
    assert "0 broken" in report, report
