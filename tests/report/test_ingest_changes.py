"""A re-import of reps and accounts applies their changes and keeps the previous values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from helpers.report.ingest import ingest
from helpers.store import Store
from helpers.store.tables import AccountRow, ImportRow, RecordHistoryRow, RepRow

REPS_HEAD = "rep_id,name,team_id,hire_date\n"
ACCOUNTS_HEAD = "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked,tier\n"
REPS = ["R1,Li Na,T01,2024-03-01", "R2,Wang Wei,T01,2023-06-15", "R3,Zhao Lei,T02,2022-01-10"]
ACCOUNTS = [
    "A1,Acme,R1,A,2025-01-01,,no,",
    "A2,Beta,R1,B,2025-01-01,,no,",
    "A3,Gamma,R2,C,2025-01-01,,no,important",
    "A4,Delta,R2,B,2025-01-01,,no,",
    "A5,Epsilon,R3,B,2025-01-01,,no,",
]


def write(path: Path, head: str, lines: list[str]) -> Path:
    path.write_text(head + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def history(store: Store) -> list[tuple]:
    t = RecordHistoryRow.__table__
    query = select(t.c.kind, t.c.record_id, t.c.column_name, t.c.old_value, t.c.new_value)
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(query))


def stored(store: Store, row: type, key: str) -> dict[str, dict]:
    with store.engine.connect() as conn:
        return {r[key]: dict(r) for r in conn.execute(select(row.__table__)).mappings()}


@pytest.fixture
def org(store_url: str, tmp_path: Path) -> Store:
    store = Store(store_url)
    ingest("reps", write(tmp_path / "reps.csv", REPS_HEAD, REPS), store)
    ingest("accounts", write(tmp_path / "accounts.csv", ACCOUNTS_HEAD, ACCOUNTS), store)
    return store


def test_a_rep_moving_team_or_renamed_is_changed_with_history_and_roles(
    org: Store, tmp_path: Path
) -> None:
    lines = ["R1,Li Na,T02,2024-03-01", "R2,Wang Wei-Ming,T01,2023-06-15", REPS[2]]
    lines.append("R4,Sun Li,T01,2025-02-01")
    result = ingest("reps", write(tmp_path / "reps2.csv", REPS_HEAD, lines), org)
    assert (result.read, result.added, result.updated, result.unchanged) == (4, 1, 2, 1)
    assert "added 1, changed 2, already stored 1, rejected 0" in result.summary()
    reps = stored(org, RepRow, "rep_id")
    assert reps["R1"]["team_id"] == "T02" and reps["R2"]["name"] == "Wang Wei-Ming"
    assert history(org) == [
        ("reps", "R1", "team_id", "T01", "T02"),
        ("reps", "R2", "name", "Wang Wei", "Wang Wei-Ming"),
    ]
    # a rep moving team moves their learner role with them
    assert org.roles_of("R1") == {("learner", "T02")}
    with org.engine.connect() as conn:
        last = conn.execute(select(ImportRow.__table__.c.id).order_by(ImportRow.id.desc())).first()
    frame = org.record_history("reps", "R1")
    assert list(frame["import_id"]) == [last[0]]
    assert frame["changed_at"].notna().all()


def test_each_tracked_account_column_changes_and_profile_fields_do_not(
    org: Store, tmp_path: Path
) -> None:
    lines = [
        "A1,Acme,R1,C,2025-01-01,,no,",  # grade
        "A2,Beta,R2,B,2025-01-01,,no,",  # owner
        "A3,Gamma,R2,C,2025-01-01,,yes,important",  # parked
        "A4,Delta,R2,B,2025-01-01,,no,strategic",  # tier
        "A5,Epsilon Ltd,R3,B,2026-05-05,budget,no,",  # name (created_on, profile: not tracked)
    ]
    result = ingest("accounts", write(tmp_path / "acc2.csv", ACCOUNTS_HEAD, lines), org)
    assert (result.added, result.updated, result.unchanged) == (0, 5, 0)
    assert "changed 5, already stored 0" in result.summary()
    assert history(org) == [
        ("accounts", "A1", "grade", "A", "C"),
        ("accounts", "A2", "owner_rep_id", "R1", "R2"),
        ("accounts", "A3", "parked", "false", "true"),
        ("accounts", "A4", "tier", "", "strategic"),
        ("accounts", "A5", "name", "Epsilon", "Epsilon Ltd"),
    ]
    accounts = stored(org, AccountRow, "account_id")
    assert accounts["A1"]["grade"] == "C" and accounts["A2"]["owner_rep_id"] == "R2"
    assert accounts["A3"]["parked"] is True and accounts["A4"]["tier"] == "strategic"
    assert accounts["A5"]["name"] == "Epsilon Ltd"
    assert accounts["A5"]["profile_fields"] == "" and str(accounts["A5"]["created_on"]) == (
        "2025-01-01"
    )


def test_a_reimport_without_changes_changes_nothing(org: Store, tmp_path: Path) -> None:
    before = stored(org, AccountRow, "account_id"), stored(org, RepRow, "rep_id")
    reps = ingest("reps", write(tmp_path / "r.csv", REPS_HEAD, REPS), org)
    accounts = ingest("accounts", write(tmp_path / "a.csv", ACCOUNTS_HEAD, ACCOUNTS), org)
    assert (reps.updated, reps.unchanged, accounts.updated, accounts.unchanged) == (0, 3, 0, 5)
    assert (stored(org, AccountRow, "account_id"), stored(org, RepRow, "rep_id")) == before
    assert history(org) == []


def test_a_file_without_the_tier_column_leaves_tiers_alone(org: Store, tmp_path: Path) -> None:
    head = ACCOUNTS_HEAD.removesuffix(",tier\n") + "\n"
    lines = [line.rsplit(",", 1)[0] for line in ACCOUNTS]
    result = ingest("accounts", write(tmp_path / "old.csv", head, lines), org)
    assert (result.updated, result.unchanged) == (0, 5)
    assert stored(org, AccountRow, "account_id")["A3"]["tier"] == "important"
    assert history(org) == []


def test_a_failed_reimport_changes_nothing_and_keeps_no_history(org: Store, tmp_path: Path) -> None:
    class StoreFailure(Exception):
        pass

    def fail(*_args: object, **_kwargs: object) -> int:
        raise StoreFailure("the import log cannot be written")

    before = stored(org, RepRow, "rep_id")
    lines = ["R1,Li Na,T02,2024-03-01", *REPS[1:]]
    org.log_import = fail  # type: ignore[method-assign]
    with pytest.raises(StoreFailure):
        ingest("reps", write(tmp_path / "reps2.csv", REPS_HEAD, lines), org)
    assert stored(org, RepRow, "rep_id") == before
    assert history(org) == []
    assert org.roles_of("R1") == {("learner", "T01")}


def test_record_history_reads_one_kind_oldest_first(org: Store, tmp_path: Path) -> None:
    for team in ("T02", "T03"):
        lines = [f"R1,Li Na,{team},2024-03-01", *REPS[1:]]
        ingest("reps", write(tmp_path / f"{team}.csv", REPS_HEAD, lines), org)
    frame = org.record_history("reps")
    assert list(zip(frame["old_value"], frame["new_value"], strict=True)) == [
        ("T01", "T02"),
        ("T02", "T03"),
    ]
    assert frame["import_id"].is_monotonic_increasing
    assert org.record_history("accounts").empty
    assert isinstance(frame, pd.DataFrame)
