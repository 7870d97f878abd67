"""House rules of the repository: layout, dependency agreement, clean notebooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from tests.conftest import PROJECT

CONDA_ONLY = {"python", "pip"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    reqs = [*meta["dependencies"], *meta["optional-dependencies"]["dev"]]
    return {_norm(Requirement(r).name): str(Requirement(r).specifier) for r in reqs}


def conda_requirements() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((PROJECT / "environment.yml").read_text())
    conda: dict[str, str] = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep["pip"])
            continue
        m = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", dep)
        assert m, dep
        conda[_norm(m.group(1))] = m.group(2).replace(" ", "")
    return conda, pip


def test_environment_yml_agrees_with_pyproject() -> None:
    conda, pip = conda_requirements()
    wanted = pyproject_requirements()
    assert pip == ["-e .[dev]"]
    extra = sorted(set(conda) - set(wanted) - CONDA_ONLY)
    missing = sorted(set(wanted) - set(conda))
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    differ = {k: (conda[k], v) for k, v in wanted.items() if conda[k] != v}
    assert not differ, f"version bounds differ (environment.yml, pyproject.toml): {differ}"
    python = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert conda["python"] == python


def test_required_layout_exists() -> None:
    for path in (
        "notebooks/training",
        "notebooks/trainer",
        "notebooks/reports",
        "playbooks",
        "data",
        "src/helpers",
        "tests",
        "benchmarks",
        "environment.yml",
        "pyproject.toml",
        "Makefile",
        "README.md",
        ".ci/run",
    ):
        assert (PROJECT / path).exists(), path


def committed_notebooks() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    found = set(out.stdout.split())
    # notebooks not yet committed are checked too: they are about to be
    found |= {
        str(p.relative_to(PROJECT))
        for p in (PROJECT / "notebooks").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }
    return sorted(found)


def test_notebooks_carry_no_outputs() -> None:
    notebooks = committed_notebooks()
    assert notebooks, "no notebooks found"
    dirty = []
    for path in notebooks:
        nb = json.loads((PROJECT / path).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
                dirty.append(path)
                break
    assert not dirty, f"notebooks committed with outputs (run `make strip`): {dirty}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    ci = (PROJECT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in readme
    commands = [ln for ln in ci.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert commands[-1].strip() == "make test"


def _fake_project(tmp_path):
    """A copy of the Makefile with a stand-in .venv whose python logs its calls."""
    import shutil

    shutil.copy(PROJECT / "Makefile", tmp_path / "Makefile")
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/../calls.log"\n')
    python.chmod(0o755)
    return tmp_path / ".venv" / "calls.log"


def _make(tmp_path, *args):
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )


def test_make_installs_once_and_again_only_when_pyproject_changes(tmp_path) -> None:
    import os
    import time

    log = _fake_project(tmp_path)
    _make(tmp_path, "venv")
    assert log.read_text().count("pip install") == 1
    _make(tmp_path, "venv")
    assert log.read_text().count("pip install") == 1  # nothing changed: no reinstall
    later = time.time() + 5
    os.utime(tmp_path / "pyproject.toml", (later, later))
    _make(tmp_path, "venv")
    assert log.read_text().count("pip install") == 2
    assert "-e .[dev]" in log.read_text()


def test_make_help_lists_the_readme_commands(tmp_path) -> None:
    _fake_project(tmp_path)
    out = _make(tmp_path, "help").stdout
    for target in ("test", "reports", "venv", "lint-content", "strip"):
        assert f"  {target} " in out


def test_a_skipped_test_fails(tmp_path: Path) -> None:
    shutil.copy(PROJECT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_missing.py").write_text(
        "import pytest\n\n\ndef test_needs_a_server():\n    pytest.skip('no server here')\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 1, run.stdout
    assert "1 failed" in run.stdout and "tests never skip here" in run.stdout
