"""Settings: one place, every path and the store overridable from the environment."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers.config import PROJECT_ROOT, get_settings
from tests.conftest import PROJECT


def test_defaults_live_in_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACHKIT_STORE", raising=False)
    monkeypatch.delenv("COACHKIT_VAR", raising=False)
    s = get_settings()
    assert PROJECT_ROOT == PROJECT
    assert s.playbooks == PROJECT / "playbooks"
    assert s.data == PROJECT / "data"
    assert s.store == f"sqlite:///{PROJECT / 'var' / 'coachkit.sqlite'}"


def test_default_store_folder_is_gitignored() -> None:
    out = subprocess.run(
        ["git", "check-ignore", "-q", "var/coachkit.sqlite"], cwd=PROJECT, check=False
    )
    assert out.returncode == 0


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COACHKIT_STORE", "postgresql://u@localhost/kit")
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(tmp_path))
    s = get_settings()
    assert s.store == "postgresql://u@localhost/kit"
    assert s.playbooks == tmp_path


def test_home_moves_every_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COACHKIT_STORE", raising=False)
    monkeypatch.delenv("COACHKIT_VAR", raising=False)
    monkeypatch.setenv("COACHKIT_HOME", str(tmp_path))
    s = get_settings()
    assert s.playbooks == tmp_path / "playbooks"
    assert s.var == tmp_path / "var"
    assert s.store == f"sqlite:///{tmp_path / 'var' / 'coachkit.sqlite'}"


def test_relative_folders_are_the_callers_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COACHKIT_HOME", "kit")
    monkeypatch.setenv("COACHKIT_VAR", "state")
    monkeypatch.delenv("COACHKIT_STORE")
    s = get_settings()
    assert s.home == tmp_path / "kit"
    assert s.playbooks == tmp_path / "kit" / "playbooks"
    assert s.var == tmp_path / "state"
    assert s.store == f"sqlite:///{tmp_path / 'state' / 'coachkit.sqlite'}"
