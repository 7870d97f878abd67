"""The playbook library a report reads: loaded once per process while its files are unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers.report.params import report_library


def test_the_library_is_loaded_once_until_a_playbook_changes(
    mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(mini))
    first = report_library()
    assert report_library() is first
    edited = sorted(mini.rglob("*.yaml"))[0]
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = report_library()
    assert second is not first and report_library() is second
    other = tmp_path / "other"
    shutil.copytree(mini, other)
    monkeypatch.setenv("COACHKIT_PLAYBOOKS", str(other))
    assert report_library().root == other
