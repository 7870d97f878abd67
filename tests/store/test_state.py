"""Per-person state on SQLite and on a real PostgreSQL: round trip, replace, prefixes, races."""

from __future__ import annotations

import multiprocessing as mp

import pytest

from helpers.store import Store
from helpers.store.state import KEY_MAX, PERSON_MAX

PROCESSES = 6
WRITES_EACH = 40


def test_round_trip_keeps_json_values_by_person_and_key(store_url: str) -> None:
    store = Store(store_url)
    value = {"choices": ["a", "b"], "n": 2, "ok": True, "zh": "你好", "none": None}
    store.put_state("li.na", "draft/s1", value)
    store.put_state("li.na", "locale", "zh")
    store.put_state("wang.fang", "locale", "en")
    store.put_state("", "last_person", "li.na")
    assert store.get_state("li.na", "draft/s1") == value
    assert store.get_state("li.na", "locale") == "zh"
    assert store.get_state("wang.fang", "locale") == "en"
    assert store.get_state("", "last_person") == "li.na"
    assert store.get_state("wang.fang", "draft/s1") is None
    assert store.get_state("wang.fang", "draft/s1", default=[]) == []
    store.put_state("li.na", "nothing", None)
    assert store.get_state("li.na", "nothing", default="absent") is None


def test_put_replaces_and_delete_forgets(store_url: str) -> None:
    store = Store(store_url)
    store.put_state("li.na", "module", "01_visit_flow")
    store.put_state("li.na", "module", "04_objections")
    assert store.get_state("li.na", "module") == "04_objections"
    assert store.state_items("li.na") == {"module": "04_objections"}
    store.delete_state("li.na", "module")
    store.delete_state("li.na", "module")  # forgetting twice is fine
    assert store.get_state("li.na", "module") is None
    assert store.state_items("li.na") == {}


def test_prefix_lists_only_that_persons_keys_that_start_with_it(store_url: str) -> None:
    store = Store(store_url)
    for key in ("draft/b", "draft/a", "drafts", "DRAFT/c", "locale", "draft%/x", "draft_y"):
        store.put_state("li.na", key, key)
    store.put_state("wang.fang", "draft/z", 1)
    assert list(store.state_items("li.na", "draft/")) == ["draft/a", "draft/b"]
    # wildcards of SQL LIKE mean nothing in a prefix
    assert list(store.state_items("li.na", "draft%")) == ["draft%/x"]
    assert list(store.state_items("li.na", "draft_")) == ["draft_y"]
    assert len(store.state_items("li.na")) == 7
    assert store.state_items("wang.fang", "draft/") == {"draft/z": 1}
    assert store.state_items("nobody") == {}


def test_add_missing_keeps_what_is_stored(store_url: str) -> None:
    store = Store(store_url)
    store.put_state("li.na", "locale", "zh")
    added = store.add_missing_state(
        [("li.na", "locale", "en"), ("li.na", "draft/s1", ["c1"]), ("", "last_person", "li.na")]
    )
    assert added == 2
    assert store.get_state("li.na", "locale") == "zh"
    assert store.get_state("li.na", "draft/s1") == ["c1"]
    assert store.add_missing_state([("li.na", "draft/s1", ["other"])]) == 0


@pytest.mark.parametrize(
    ("person", "key", "value"),
    [
        ("x" * (PERSON_MAX + 1), "locale", "en"),
        ("li\nna", "locale", "en"),
        ("li.na", "", "en"),
        ("li.na", "k" * (KEY_MAX + 1), "en"),
        ("li.na", "tab\tkey", "en"),
        ("li.na", "locale", float("nan")),
        ("li.na", "locale", {1, 2}),
    ],
)
def test_bad_person_key_or_value_is_refused_before_writing(
    tmp_path, person: str, key: str, value: object
) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    with pytest.raises(ValueError):
        store.put_state(person, key, value)
    with pytest.raises(ValueError):
        store.add_missing_state([("ok", "fine", 1), (person, key, value)])
    assert store.state_items("ok") == {}


def test_longest_person_and_key_are_kept(store_url: str) -> None:
    store = Store(store_url)
    person, key = "p" * PERSON_MAX, "k" * KEY_MAX
    store.put_state(person, key, "v")
    assert store.get_state(person, key) == "v"


def same_person_work(url: str, writer: int, start: mp.synchronize.Event) -> None:
    """One session of the same person: its own keys, and one key every session writes."""
    store = Store(url)
    start.wait()
    for i in range(WRITES_EACH):
        store.put_state("li.na", f"own/{writer}/{i}", i)
        store.put_state("li.na", "draft/shared", {"writer": writer, "i": i, "path": [writer] * 30})
        if i % 10 == 0:
            store.state_items("li.na", "own/")


def test_sessions_of_one_person_writing_at_once_lose_nothing(store_url: str) -> None:
    Store(store_url)  # migrate once before the race on the data begins
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [
        ctx.Process(target=same_person_work, args=(store_url, p, start)) for p in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    store = Store(store_url)
    own = store.state_items("li.na", "own/")
    assert own == {f"own/{w}/{i}": i for w in range(PROCESSES) for i in range(WRITES_EACH)}
    shared = store.get_state("li.na", "draft/shared")
    # the last write wins whole: some session's final value, never a mix of two
    assert shared["i"] == WRITES_EACH - 1
    assert shared["path"] == [shared["writer"]] * 30
