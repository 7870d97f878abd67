"""Shared fixtures: a small valid playbook library that tests can break on purpose."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Run the whole session, notebooks' kernels included, on a throw-away store."""
    scratch = Path(tempfile.mkdtemp(prefix="coachkit-test-"))
    os.environ["COACHKIT_STORE"] = f"sqlite:///{scratch / 'store.sqlite'}"
    os.environ["COACHKIT_VAR"] = str(scratch / "var")
    os.environ.pop("COACHKIT_LEARNER", None)


PROJECT = Path(__file__).resolve().parents[1]

REQUIRED_STATS = (
    "stages",
    "questions",
    "products",
    "ffab_chains",
    "scenarios",
    "scenario_categories",
    "quiz_items",
    "rubric_criteria",
    "missing_translations",
)
"""The counts ``coachkit lint --stats --json`` must report."""


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the minimal valid library, safe to edit."""
    dest = tmp_path / "playbooks"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace one exact snippet in a file; fails the test if the snippet is absent."""

    def _edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return _edit


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every test at its own store so no test touches the developer's data."""
    monkeypatch.setenv("COACHKIT_STORE", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setenv("COACHKIT_VAR", str(tmp_path / "var"))
    monkeypatch.delenv("COACHKIT_LEARNER", raising=False)
