"""The layering (DESIGN.md, "Rules") is checked, not remembered: `lint-imports` runs the
contracts in pyproject.toml's [tool.importlinter], and a broken one fails the test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomllib

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


def test_every_picture_family_is_held_to_the_family_layering() -> None:
    """A new folder under pictures/ is checked like the others only if the contract names it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    families = next(c for c in contracts if c.get("containers"))["containers"]
    folders = {
        f"viz_transformer.pictures.{path.name}"
        for path in (ROOT / "viz_transformer" / "pictures").iterdir()
        if (path / "__init__.py").exists() and path.name != "common"
    }
    assert folders == set(families), (
        f"list every family folder in the contract: {folders ^ set(families)}"
    )
