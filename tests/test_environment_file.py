"""environment.yml follows repo2docker's conventions and installs this package through pip."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent


def test_environment_yml_installs_the_package_with_python_and_pip() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    assert any(str(d).startswith("python=") for d in deps) and "pip" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-e .[lab]" in pip_section


def test_constraints_pin_the_cpu_torch_the_tests_ran_on() -> None:
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert "torch==2.13.0" in pins
    assert all("==" in line for line in pins if line and not line.startswith("#"))
