"""People and their roles: set per source, checked, from the reps file, hub groups, commands."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.errors import UsageError
from helpers.report.ingest import ingest
from helpers.store import Store, roles_from_groups

runner = CliRunner()


def test_set_roles_replaces_only_that_sources_roles(store_url: str) -> None:
    s = Store(store_url)
    s.set_roles("li.na", [("learner", "T01")], "reps")
    s.set_roles("li.na", [("trainer", ""), ("manager", "T01"), ("manager", "T02")], "hub")
    assert s.roles_of("li.na") == {
        ("learner", "T01"),
        ("trainer", ""),
        ("manager", "T01"),
        ("manager", "T02"),
    }
    s.set_roles("li.na", [("manager", "T02")], "hub")
    assert s.roles_of("li.na") == {("learner", "T01"), ("manager", "T02")}
    assert s.managed_teams("li.na") == ["T02"]
    assert s.has_role("li.na", "learner") and not s.has_role("li.na", "trainer")
    s.set_roles("li.na", [], "hub")
    assert s.roles_of("li.na") == {("learner", "T01")}
    # a person is created even with no role
    s.set_roles("new", [], "admin")
    assert [p.person_id for p in s.people()] == ["li.na", "new"]
    assert s.roles_of("nobody") == set()


def test_a_role_another_source_gives_stays_that_sources(store_url: str) -> None:
    s = Store(store_url)
    s.grant_role("wang", "trainer")
    s.set_roles("wang", [("trainer", "")], "hub")
    assert s.role_rows("wang") == [("trainer", "", "admin")]
    s.set_roles("wang", [], "hub")  # the hub group went away: the admin's grant stays
    assert s.roles_of("wang") == {("trainer", "")}


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ([("coach", "")], "li.na: there is no role 'coach'"),
        ([("learner", "")], "li.na: the role learner needs a team"),
        ([("manager", " ")], "li.na: the role manager needs a team"),
        ([("admin", "T01")], "li.na: the role admin has no team; leave out the team 'T01'"),
        ([("learner", "T\n1")], "li.na: team id 'T\\n1' cannot be used"),
    ],
)
def test_bad_roles_are_refused_naming_the_person(roles: list, message: str) -> None:
    s = Store()
    s.set_roles("li.na", [("learner", "T09")], "reps")
    with pytest.raises(UsageError) as info:
        s.set_roles("li.na", roles, "reps")
    assert message in str(info.value)
    assert s.roles_of("li.na") == {("learner", "T09")}  # nothing changed


def test_bad_person_and_source_are_refused() -> None:
    s = Store()
    with pytest.raises(UsageError, match="person id '  ' cannot be used"):
        s.set_roles("  ", [], "admin")
    with pytest.raises(UsageError, match="no role source 'crm'"):
        s.set_roles("x", [], "crm")


def test_ids_are_kept_as_the_scores_keep_them() -> None:
    s = Store()
    s.set_roles(" TR1 ", [("manager", " T01 ")], "hub")
    assert s.roles_of("TR1") == {("manager", "T01")}
    assert s.managed_teams(" TR1") == ["T01"]


def test_roles_from_hub_groups() -> None:
    groups = [
        "coachkit-admin",
        "coachkit-trainer",
        "coachkit-manager:T01",
        "coachkit-manager:007",
        "coachkit-learner:T02",
        "coachkit-learner:",  # no team: ignored
        "coachkit-trainer:T01",  # trainers have no team: ignored
        "coachkit-owner",
        "staff",
        "Coachkit-admin",
    ]
    assert roles_from_groups(groups) == {
        ("admin", ""),
        ("trainer", ""),
        ("manager", "T01"),
        ("manager", "007"),
        ("learner", "T02"),
    }
    assert roles_from_groups([]) == set()


def _reps(path: Path, rows: str) -> Path:
    path.write_text("rep_id,name,team_id,hire_date\n" + rows, encoding="utf-8")
    return path


def test_ingesting_reps_makes_each_a_learner_of_their_team(store_url: str, tmp_path: Path) -> None:
    s = Store(store_url)
    s.grant_role("R1", "trainer")
    s.set_roles("R1", [("manager", "T09")], "hub")
    first = _reps(tmp_path / "a.csv", "R1,Li Na,T01,2026-01-05\nR2,Wang,T02,2026-02-01\n")
    ingest("reps", first, s)
    assert s.roles_of("R1") == {("learner", "T01"), ("trainer", ""), ("manager", "T09")}
    assert s.role_rows("R2") == [("learner", "T02", "reps")]
    assert {p.person_id: p.name for p in s.people()} == {"R1": "Li Na", "R2": "Wang"}
    # R1 moved to T03: the learner role follows; roles from other sources are untouched
    moved = _reps(tmp_path / "b.csv", "R1,Li Na,T03,2026-01-05\n")
    ingest("reps", moved, s)
    assert s.roles_of("R1") == {("learner", "T03"), ("trainer", ""), ("manager", "T09")}
    assert s.roles_of("R2") == {("learner", "T02")}


def test_roles_from_a_failed_reps_ingest_are_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.store import records

    s = Store()

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(records.RecordStore, "log_import", broken)
    with pytest.raises(RuntimeError):
        ingest("reps", _reps(tmp_path / "a.csv", "R1,Li Na,T01,2026-01-05\n"), s)
    assert s.roles_of("R1") == set() and s.people() == []


def test_concurrent_role_changes_of_one_person(postgres: str) -> None:
    s = Store(postgres)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for j in range(5):
                s.set_roles("p", [("manager", f"T{(i + j) % 3}")], "hub")
                s.set_roles(f"q{i}", [("learner", "T1")], "hub")
        except BaseException as exc:  # pragma: no cover - shown by the assert
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(s.roles_of("p")) == 1
    assert len(s.people()) == 7


def test_people_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    ingest("reps", _reps(tmp_path / "r.csv", "R1,Li Na,T01,2026-01-05\n"), Store(url))
    out = runner.invoke(app, ["people", "grant", "M1", "manager", "--team", "T01", "--store", url])
    assert out.exit_code == 0, out.output
    assert "M1 now has the role manager:T01" in out.output
    again = runner.invoke(
        app, ["people", "grant", "M1", "manager", "--team", "T01", "--store", url]
    )
    assert "already has the role" in again.output
    bad = runner.invoke(app, ["people", "grant", "M1", "manager", "--store", url])
    assert bad.exit_code == 2 and "M1: the role manager needs a team (--team)" in bad.output
    listed = runner.invoke(app, ["people", "list", "--store", url]).output
    assert "R1" in listed and "Li Na" in listed and "learner:T01 (reps)" in listed
    assert "manager:T01 (admin)" in listed
    only = runner.invoke(app, ["people", "list", "--team", "T02", "--store", url])
    assert "no people" in only.output
    revoked = runner.invoke(app, ["people", "revoke", "R1", "learner", "--store", url])
    assert revoked.exit_code == 0 and "roles removed: 1" in revoked.output
    assert "next coachkit ingest reps gives it back" in revoked.output
    assert Store(url).roles_of("R1") == set()
    none = runner.invoke(app, ["people", "revoke", "R1", "learner", "--store", url])
    assert "does not have the role learner" in none.output


def test_people_command_messages_follow_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACHKIT_LOCALE", "zh")
    url = f"sqlite:///{tmp_path / 'kit.sqlite'}"
    out = runner.invoke(app, ["people", "grant", "X", "boss", "--store", url])
    assert out.exit_code == 2 and "没有 'boss' 这个角色" in out.output
