"""Reading YAML: syntax errors with lines, duplicate keys, encodings, locating fields."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers.playbook.source import SourceError, content_hash, read_source
from tests.conftest import PROJECT

SHIPPED_YAML = sorted(
    [*(PROJECT / "playbooks").rglob("*.yaml"), *(PROJECT / "src" / "helpers").rglob("*.yaml")]
)


def write(tmp_path: Path, text: str, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_syntax_error_has_line(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: quiz\nid: x\nname: [unclosed\nitems: []\n")
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert info.value.line == 4
    assert info.value.message.startswith("YAML syntax error")


def test_duplicate_key_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    path = write(tmp_path, "kind: quiz\nid: a\nid: b\n")
    with pytest.raises(SourceError) as info:
        read_source(path)
    assert info.value.line == 3
    assert "duplicate key 'id' (first on line 2)" in info.value.message


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffkind: quiz\n".encode())
    assert read_source(path).data == {"kind": "quiz"}


def test_non_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("name: 开场白\n".encode("gb18030"))
    with pytest.raises(SourceError, match="not UTF-8"):
        read_source(path)


def test_empty_file_reads_as_none(tmp_path: Path) -> None:
    assert read_source(write(tmp_path, "# only a comment\n")).data is None


def test_locate_walks_mappings_and_sequences(tmp_path: Path) -> None:
    text = "kind: rubric\ncriteria:\n  - id: a\n  - id: b\n    anchors:\n      1: x\n      6: y\n"
    src = read_source(write(tmp_path, text))
    assert src.locate(["criteria", 1, "anchors", 6, "[key]"]) == (7, "criteria[1].anchors.6")
    assert src.locate(["criteria", 0, "id"]) == (3, "criteria[0].id")
    # a missing key points at the mapping that should hold it
    assert src.locate(["criteria", 0, "name"]) == (3, "criteria[0].name")
    assert src.locate([]) == (1, "")


def test_hash_ignores_key_order_and_formatting() -> None:
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda p: str(p.relative_to(PROJECT)))
def test_shipped_yaml_reads_the_same_without_libyaml(path: Path) -> None:
    # libyaml accepts some plain scalars (a "?" inside a {...} mapping) that
    # PyYAML's own parser rejects; installs without libyaml use the latter
    text = path.read_text(encoding="utf-8")
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the kit's loader where libyaml is
    assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=fast)
