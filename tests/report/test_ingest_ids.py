"""Contacts and deals keyed by row number are refused; derived ids make re-imports safe; stored
ids are told apart exactly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from helpers.cli import app
from helpers.report.ingest import IngestError, ingest
from helpers.report.ingest import ids as ingest_ids
from helpers.report.ingest.ids import RowNumbers, StoredIds, derived_ids
from helpers.store import Store

runner = CliRunner()

CRM_HEAD = "序号,拜访日期,销售,客户,方式,结果\n"
MAPPING = (
    "columns:\n  序号: contact_id\n  拜访日期: date\n  销售: rep_id\n  客户: account_id\n"
    "  方式: type\n  结果: outcome\n"
)
JANUARY = [
    "1,2026-01-05,R1,A1,visit,talked",
    "2,2026-01-06,R1,A2,call,no_answer",
    "3,2026-01-06,R2,A1,visit,appointment",
]
FEBRUARY = ["1,2026-02-02,R1,A1,visit,talked", "2,2026-02-03,R2,A2,call,talked"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def crm(path: Path, lines: list[str]) -> Path:
    return write(path, CRM_HEAD + "".join(line + "\n" for line in lines))


@pytest.fixture
def org(store_url: str, tmp_path: Path) -> Store:
    store = Store(store_url)
    reps = "rep_id,name,team_id,hire_date\nR1,Li Na,T01,2024-03-01\nR2,Wang Wei,T01,2023-06-15\n"
    ingest("reps", write(tmp_path / "reps.csv", reps), store)
    accounts = (
        "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked\n"
        "A1,Acme,R1,A,2025-01-01,,no\nA2,Beta,R2,B,2025-01-01,,no\n"
    )
    ingest("accounts", write(tmp_path / "accounts.csv", accounts), store)
    return store


def test_a_row_numbered_export_is_refused_then_loads_month_after_month_with_derived_ids(
    org: Store, tmp_path: Path
) -> None:
    plain = write(tmp_path / "plain.yaml", MAPPING)
    derived = write(tmp_path / "derived.yaml", MAPPING + "id: derived\n")
    january = crm(tmp_path / "jan.csv", JANUARY)
    with pytest.raises(IngestError) as info:
        ingest("contacts", january, org, plain)
    assert "序号" in str(info.value) and "1 to 3" in str(info.value)
    assert "--derive-id" in str(info.value)
    assert org.count("contacts") == 0
    first = ingest("contacts", january, org, derived)
    assert (first.added, first.unchanged) == (3, 0)
    again = ingest("contacts", january, org, derived)
    assert (again.added, again.unchanged) == (0, 3)
    february = ingest("contacts", crm(tmp_path / "feb.csv", FEBRUARY), org, derived)
    assert (february.added, february.unchanged) == (2, 0)
    assert org.count("contacts") == 5
    ids = org.known_ids("contacts")
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids)
    expected = hashlib.sha256(b"2026-01-05\x1fR1\x1fA1\x1fvisit\x1ftalked").hexdigest()
    assert expected[:16] in ids


def test_the_derive_id_option_needs_no_id_column(org: Store, tmp_path: Path) -> None:
    lines = [line.split(",", 1)[1] for line in JANUARY]
    head = CRM_HEAD.split(",", 1)[1]
    path = write(tmp_path / "jan.csv", head + "".join(line + "\n" for line in lines))
    mapping = write(tmp_path / "m.yaml", MAPPING.replace("  序号: contact_id\n", ""))
    argv = ["ingest", "contacts", str(path), "--mapping", str(mapping), "--derive-id"]
    done = runner.invoke(app, [*argv, "--store", org.url])
    assert done.exit_code == 0, done.output
    assert "added 3" in done.stdout and org.count("contacts") == 3


def test_row_numbered_deals_are_refused_and_other_ids_accepted(org: Store, tmp_path: Path) -> None:
    head = "deal_id,account_id,rep_id,date,amount\n"
    numbered = write(tmp_path / "d.csv", head + "1,A1,R1,2026-01-05,100\n2,A2,R2,2026-01-06,50\n")
    with pytest.raises(IngestError, match="row numbers"):
        ingest("deals", numbered, org)
    # not from 1, a gap, or zero-padded: ids, not row numbers
    for name, ids in (("from2", ("2", "3")), ("gap", ("1", "4")), ("padded", ("01", "02"))):
        lines = f"{ids[0]},A1,R1,2026-01-05,100\n{ids[1]},A2,R2,2026-01-06,50\n"
        assert ingest("deals", write(tmp_path / f"{name}.csv", head + lines), org).added == 2
    assert org.count("deals") == 6


def test_two_identical_visits_collapse_into_one(org: Store, tmp_path: Path) -> None:
    derived = write(tmp_path / "derived.yaml", MAPPING + "id: derived\n")
    lines = [*JANUARY, "4,2026-01-05,R1,A1,visit,talked"]
    result = ingest("contacts", crm(tmp_path / "jan.csv", lines), org, derived)
    assert (result.added, result.rejected) == (3, 1)
    assert org.count("contacts") == 3


def test_derived_ids_are_only_for_contacts_and_deals(org: Store, tmp_path: Path) -> None:
    reps = write(tmp_path / "r.csv", "rep_id,name,team_id,hire_date\nR9,Sun,T01,2024-01-01\n")
    with pytest.raises(IngestError, match="contacts, deals"):
        ingest("reps", reps, org, derive_id=True)


def test_row_numbers_are_followed_across_chunks() -> None:
    numbers = RowNumbers()
    numbers.feed(pd.Series(["1", "2"]))
    numbers.feed(pd.Series([" 3", "4 "]))
    assert numbers.found and numbers.count == 4
    numbers.feed(pd.Series(["6"]))
    assert not numbers.found
    assert not RowNumbers().found


def test_a_derived_id_changes_with_any_column() -> None:
    frame = pd.DataFrame(
        {
            "contact_id": ["x", "y", "z"],
            "date": ["2026-01-05"] * 3,
            "rep_id": ["R1", "R1", "R2"],
            "account_id": ["A1"] * 3,
            "type": ["visit"] * 3,
            "outcome": ["talked"] * 3,
        }
    )
    ids = derived_ids("contacts", frame)
    # the file's own id does not count; the rep does
    assert ids[0] == ids[1] != ids[2]


STORED = ["A1", "A2", "李娜-客户", "x" * 40, "A10"]
ASKED = ["A1", "A3", "", "李娜-客户", "A1\x00", "x" * 40, "x" * 39, "a1", "A10", "A1"]


@pytest.mark.parametrize("same_hash", [False, True])
def test_stored_ids_know_exactly_the_ids_stored(
    monkeypatch: pytest.MonkeyPatch, same_hash: bool
) -> None:
    if same_hash:  # every id and value hashed alike: found by comparing the text alone
        monkeypatch.setattr(ingest_ids, "hash", lambda v: 7, raising=False)
    known = StoredIds([STORED[:2], STORED[2:], []])
    found = known.contains(pd.Series(ASKED, dtype=str)).tolist()
    assert found == [v in STORED for v in ASKED]
    assert len(known) == 5 and not StoredIds([]).contains(pd.Series(ASKED)).any()


def test_ids_stored_are_read_in_parts(tmp_path: Path) -> None:
    store = Store()
    (tmp_path / "reps.csv").write_text(
        "rep_id,name,team_id,hire_date\n" + "".join(f"R{i},N,T1,2024-01-01\n" for i in range(5))
    )
    ingest("reps", tmp_path / "reps.csv", store)
    parts = list(store.id_batches("reps", size=2))
    assert [len(p) for p in parts] == [2, 2, 1]
    assert sorted(i for p in parts for i in p) == [f"R{i}" for i in range(5)]
