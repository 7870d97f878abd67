"""What the kit remembers per learner lives in the store: drafts, language, module; the upgrade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.learner.personal import (
    import_machine_files,
    last_module,
    load_draft,
    remembered,
    save_draft,
    stored_locale,
)
from helpers.learner.widgets import HomeView, Session, arrive, start
from helpers.learner.widgets.scenario import ScenarioView
from helpers.playbook import load_library
from helpers.playbook.models import ObjectionScenarioDoc
from helpers.store import Store
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def lib():
    return load_library(PROJECT / "playbooks")


@pytest.fixture
def doc(lib) -> ObjectionScenarioDoc:
    return next(d for d in lib.scenarios if len(d.steps) > 3)


def half_way(view: ScenarioView) -> list[str]:
    """Take choices that do not end the dialogue, twice if the dialogue allows; the path taken."""
    for _ in range(2):
        step = view.run.current
        onward = [c for c in step.choices if not view.doc.step(c.next).ending]
        if not onward:
            break
        view.choice_buttons()[onward[-1].id].click()
    assert view.run.path and not view.run.finished
    return [cid for _, cid in view.run.path]


def test_a_draft_follows_its_learner_into_a_new_session_and_no_one_else(
    lib, doc, store_url: str
) -> None:
    first = Session(lib, Store(store_url), "li.na", "en")
    path = half_way(ScenarioView(first, doc.id))
    # a new session: another kernel, browser or device, with its own connection to the store
    later = ScenarioView(Session(lib, Store(store_url), "li.na", "zh"), doc.id)
    assert later.resumed and [c for _, c in later.run.path] == path
    other = ScenarioView(Session(lib, Store(store_url), "wang.fang", "en"), doc.id)
    assert not other.resumed and other.run.path == []
    assert load_draft(Store(store_url), "wang.fang", doc.id) is None


def test_two_tabs_of_one_learner_keep_one_whole_draft(lib, doc, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tabs.sqlite'}"
    tab_a = ScenarioView(Session(lib, Store(url), "li.na", "en"), doc.id)
    tab_b = ScenarioView(Session(lib, Store(url), "li.na", "en"), doc.id)
    half_way(tab_a)
    first = tab_b.run.current.choices[0]
    tab_b.choice_buttons()[first.id].click()
    path_b = [cid for _, cid in tab_b.run.path]
    # the last tab to write wins whole: never a mix of the two paths
    assert load_draft(Store(url), "li.na", doc.id) == path_b
    again = ScenarioView(Session(lib, Store(url), "li.na", "en"), doc.id)
    assert [c for _, c in again.run.path] == path_b


def test_a_learners_session_writes_nothing_under_var(lib, doc, tmp_path: Path) -> None:
    var = tmp_path / "var"
    session = start(lib=lib)
    home = HomeView(session)
    home.learner.value = "li.na"
    home.toggle.value = "zh"
    half_way(ScenarioView(session, doc.id))
    arrive(session, "04_objections")
    session.set_learner("wang.fang")
    files = [p for p in var.rglob("*") if p.is_file()] if var.exists() else []
    # the log and the cache of parsed files are the machine's, not a person's
    written = [p.name for p in files if (var / "cache") not in p.parents]
    assert [n for n in written if n != "coachkit.log"] == []
    store = session.store
    assert remembered(store) == {"learner_id": "wang.fang"}
    assert stored_locale(store, "li.na") == "zh"
    assert last_module(store, "li.na") == "04_objections"
    assert load_draft(store, "li.na", doc.id)


def test_the_module_last_opened_is_where_the_welcome_page_says_to_continue(lib) -> None:
    session = start(lib=lib, learner_id="li.na")
    home = HomeView(session)
    assert home.resume.value == ""
    arrive(session, "03_ffab")
    again = start(lib=lib, learner_id="li.na", locale="zh")
    text = HomeView(again).resume.value
    assert again.ui("module.03_ffab") in text and "03" in text
    again.set_learner("wang.fang")
    assert HomeView(again).resume.value == ""


def old_files(var: Path, doc_id: str, path: list[str]) -> None:
    var.mkdir(parents=True, exist_ok=True)
    (var / "me.json").write_text(json.dumps({"learner_id": "li.na", "locale": "zh"}), "utf-8")
    drafts = {"li.na": {doc_id: path, "gone": 5}, "wang.fang": {doc_id: path[:1]}, "bad\n": {}}
    (var / "scenario_drafts.json").write_text(json.dumps(drafts), "utf-8")


def test_files_of_an_older_version_are_moved_into_the_store_once(lib, doc, tmp_path: Path) -> None:
    var = tmp_path / "var"
    onward = next(c for c in doc.step(doc.start).choices if not doc.step(c.next).ending)
    old_files(var, doc.id, [onward.id])
    session = start(lib=lib)  # the first start of the new version
    assert (session.learner_id, session.locale) == ("li.na", "zh")
    view = ScenarioView(session, doc.id)
    assert view.resumed and [c for _, c in view.run.path] == [onward.id]
    assert load_draft(session.store, "wang.fang", doc.id) == [onward.id]
    assert not (var / "me.json").exists() and not (var / "scenario_drafts.json").exists()
    assert (var / "me.json.imported").is_file()
    assert (var / "scenario_drafts.json.imported").is_file()
    # an old file that turns up again never overwrites what the store holds
    session.set_locale("en")
    save_draft(session.store, "li.na", doc.id, ["newer"])
    old_files(var, doc.id, [onward.id])
    assert import_machine_files(session.store, var) == 0
    assert stored_locale(session.store, "li.na") == "en"
    assert load_draft(session.store, "li.na", doc.id) == ["newer"]


def test_a_failed_import_keeps_the_file_for_next_time(
    lib, doc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    var = tmp_path / "var"
    old_files(var, doc.id, [doc.step(doc.start).choices[0].id])
    store = Store()

    def fail(*_args: object) -> int:
        raise OperationalError("insert", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "add_missing_state", fail)
    assert import_machine_files(store, var) == 0
    assert (var / "me.json").is_file() and (var / "scenario_drafts.json").is_file()
    assert import_machine_files(Store(), var) == 4
    assert remembered(Store()) == {"learner_id": "li.na", "locale": "zh"}


def test_under_jupyterhub_each_person_takes_only_their_part_of_an_old_file_once(
    lib, doc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    var = tmp_path / "var"
    onward = next(c for c in doc.step(doc.start).choices if not doc.step(c.next).ending)
    old_files(var, doc.id, [onward.id])
    monkeypatch.setenv("JUPYTERHUB_USER", "li.na")
    session = start(lib=lib)
    assert (session.learner_id, session.locale) == ("li.na", "zh")
    store = session.store
    assert load_draft(store, "li.na", doc.id) == [onward.id]
    assert load_draft(store, "wang.fang", doc.id) is None
    assert store.state_items("") == {}  # the machine's values are not the person's to write
    assert (var / "scenario_drafts.json").is_file()  # the others' parts wait for them
    save_draft(store, "li.na", doc.id, None)  # the dialogue finished
    start(lib=lib)
    assert load_draft(store, "li.na", doc.id) is None, "a part is taken once, never again"
    monkeypatch.setenv("JUPYTERHUB_USER", "wang.fang")
    assert start(lib=lib).learner_id == "wang.fang"
    assert load_draft(store, "wang.fang", doc.id) == [onward.id]
