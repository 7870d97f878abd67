"""data/README.md's "Errors and exit codes" agrees with the message catalogue."""

from __future__ import annotations

import re

import yaml

from tests.conftest import PROJECT

SECTION = "## Errors and exit codes"


def _section() -> str:
    text = (PROJECT / "data" / "README.md").read_text("utf-8")
    assert SECTION in text
    rest = text.split(SECTION, 1)[1]
    return rest.split("\n## ", 1)[0]


def _catalogue() -> dict[str, dict[str, str]]:
    path = PROJECT / "src" / "helpers" / "locale" / "messages.yaml"
    return yaml.safe_load(path.read_text("utf-8"))


def test_every_ingest_message_and_reject_reason_is_explained() -> None:
    keys = {k for k in _catalogue() if k.startswith(("op.ingest.", "op.reject."))}
    documented = set(re.findall(r"`(op\.[a-z0-9_.]+)`", _section()))
    assert sorted(keys - documented) == []


def test_every_key_the_section_names_is_in_the_catalogue() -> None:
    catalogue = _catalogue()
    named = set(re.findall(r"`(op\.[a-z0-9_.]+)`", _section()))
    assert named and sorted(named - set(catalogue)) == []


def test_the_section_gives_every_exit_code_the_cli_uses() -> None:
    from helpers.errors import FAILURE, USAGE

    rows = re.findall(r"^\| (\d) \| (.+) \| (.+) \|$", _section(), flags=re.M)
    assert [int(code) for code, _, _ in rows] == [0, FAILURE, USAGE]
    assert all(re.search(r"[\u4e00-\u9fff]", zh) for _, _, zh in rows)
