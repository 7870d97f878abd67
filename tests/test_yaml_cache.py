"""Parsed YAML kept as JSON: the same data as parsing, parsed again whenever it could differ."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from helpers import yaml_cache
from helpers.playbook import load_library
from tests.conftest import PROJECT


def counting_parse(calls: list[Path]):
    def parse(path: Path):
        calls.append(path)
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return parse


def test_a_file_is_parsed_once_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("kind: quiz\nitems: [一, two, 3.5, true, null]\n", encoding="utf-8")
    calls: list[Path] = []
    parse = counting_parse(calls)
    first = yaml_cache.cached_yaml(path, parse)
    assert yaml_cache.cached_yaml(path, parse) == first == yaml.safe_load(path.read_text())
    assert len(calls) == 1
    path.write_text("kind: quiz\nitems: [changed]\n", encoding="utf-8")
    assert yaml_cache.cached_yaml(path, parse) == {"kind": "quiz", "items": ["changed"]}
    assert len(calls) == 2


@pytest.mark.parametrize(
    "text", ["anchors: {1: low, 5: high}\n", "date: 2027-01-28\n", "x: .nan\n"]
)
def test_data_json_would_give_back_differently_is_parsed_every_time(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    calls: list[Path] = []
    parse = counting_parse(calls)
    for _ in range(2):
        data = yaml_cache.cached_yaml(path, parse)
        assert list(data) == list(yaml.safe_load(text))  # keys keep their type
    assert len(calls) == 2
    assert not yaml_cache.cache_folder().exists() or not any(yaml_cache.cache_folder().iterdir())


def test_a_damaged_or_foreign_entry_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    calls: list[Path] = []
    parse = counting_parse(calls)
    yaml_cache.cached_yaml(path, parse)
    entry = yaml_cache._entry(path)
    entry.write_text('{"path": "/elsewhere.yaml", "data": {"a": 2}}', encoding="utf-8")
    assert yaml_cache.cached_yaml(path, parse) == {"a": 1}
    entry.write_text("{not json", encoding="utf-8")
    assert yaml_cache.cached_yaml(path, parse) == {"a": 1}
    assert len(calls) == 3
    assert yaml_cache.cached_yaml(path, parse) == {"a": 1} and len(calls) == 3  # replaced


def test_an_unwritable_cache_only_costs_the_parse(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setattr(yaml_cache, "cache_folder", lambda: blocked / "yaml")
    path = tmp_path / "d.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    calls: list[Path] = []
    assert yaml_cache.cached_yaml(path, counting_parse(calls)) == {"a": [1, 2]}
    assert yaml_cache.cached_yaml(path, counting_parse(calls)) == {"a": [1, 2]}
    assert len(calls) == 2 and not [p for p in tmp_path.rglob("*.part")]


def test_a_library_read_through_the_cache_is_the_library_parsed(tmp_path: Path) -> None:
    parsed = load_library(PROJECT / "playbooks", strict=False, checks=False)
    assert os.listdir(yaml_cache.cache_folder())  # the first load filled the cache
    cached = load_library(PROJECT / "playbooks", strict=False, checks=False)
    assert [d.doc for d in cached.docs] == [d.doc for d in parsed.docs]
    assert [d.doc for d in parsed.docs] == [d.doc for d in load_library(PROJECT / "playbooks").docs]
    assert cached.issues == parsed.issues == []
