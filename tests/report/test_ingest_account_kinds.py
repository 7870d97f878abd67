"""Opportunity assessments, customer events and receivables: good rows stored, bad rows
rejected with their reasons, a re-import changing what the CRM changed (with history)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from helpers.report.ingest import ingest
from helpers.store import Store
from helpers.store.tables import CustomerEventRow, OpportunityRow, ReceivableRow, RecordHistoryRow

D = dt.date
REPS = "rep_id,name,team_id,hire_date\nR1,Li Na,T01,2024-03-01\nR2,Wang Wei,T01,2023-06-15\n"
ACCOUNTS = (
    "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked,tier\n"
    "A1,Acme,R1,A,2025-01-01,,no,strategic\nA2,Beta,R2,B,2025-01-01,,no,\n"
)
FACTORS = (
    "opp_scope,opp_roi,opp_relationship,opp_competition,opp_timing,"
    "opp_customer_resources,opp_loyalty,opp_influence,opp_our_resources"
)
OPP_HEAD = f"opportunity_id,account_id,rep_id,assessed_on,{FACTORS},pursued\n"
EVENT_HEAD = "event_id,account_id,person,kind,date\n"
REC_HEAD = (
    "receivable_id,account_id,rep_id,amount,invoice_date,due_date,completed_date,reminders,"
    "paid_date\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def rows(store: Store, table: type, key: str) -> dict[str, dict]:
    with store.engine.connect() as conn:
        return {r[key]: dict(r) for r in conn.execute(select(table.__table__)).mappings()}


def history(store: Store) -> list[tuple]:
    t = RecordHistoryRow.__table__
    query = select(t.c.kind, t.c.record_id, t.c.column_name, t.c.old_value, t.c.new_value)
    with store.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(query))


def rejects(path: Path) -> dict[int, str]:
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    return dict(zip(frame["row"].astype(int), frame["reason"], strict=True))


@pytest.fixture
def org(store_url: str, tmp_path: Path) -> Store:
    store = Store(store_url)
    ingest("reps", write(tmp_path / "reps.csv", REPS), store)
    ingest("accounts", write(tmp_path / "accounts.csv", ACCOUNTS), store)
    return store


def test_opportunities_good_bad_and_changed(org: Store, tmp_path: Path) -> None:
    text = OPP_HEAD + (
        "O1,A1,R1,2026-09-01,5,4,3,4,4,5,3,4,4,是\n"
        "O2,A2,R2,2026/9/15,2,2,1,2,1,2,2,1,3,\n"
        "O3,A2,R2,2026-09-15,6,2,1,2,1,2,2,1,3,no\n"  # a rating off the 1-5 scale
        "O4,A9,R2,2026-09-15,3,3,3,3,3,3,3,3,3,no\n"  # an account not stored
        "O5,A1,R1,2026-09-15,3,3,3,3,3,3,3,3,3,maybe\n"
    )
    result = ingest("opportunities", write(tmp_path / "opp.csv", text), org)
    assert (result.read, result.added, result.rejected) == (5, 2, 3)
    stored = rows(org, OpportunityRow, "opportunity_id")
    assert stored["O1"]["pursued"] is True and stored["O2"]["pursued"] is False
    assert stored["O1"]["opp_scope"] == 5 and stored["O2"]["assessed_on"] == D(2026, 9, 15)
    reasons = rejects(tmp_path / "opp.rejects.csv")
    assert "opp_scope '6' is not a whole number from 1 to 5" in reasons[4]
    assert "account A9 is not in the store" in reasons[5]
    assert "pursued 'maybe' is not yes or no" in reasons[6]
    again = OPP_HEAD + (
        "O1,A1,R1,2026-10-20,5,4,4,4,4,5,3,4,4,yes\n"  # reassessed: a rating and the date
        "O2,A2,R2,2026-09-15,2,2,1,2,1,2,2,1,3,yes\n"  # now pursued
    )
    result = ingest("opportunities", write(tmp_path / "opp2.csv", again), org)
    assert (result.added, result.updated, result.unchanged) == (0, 2, 0)
    assert "changed 2" in result.summary()
    assert history(org) == [
        ("opportunities", "O1", "assessed_on", "2026-09-01", "2026-10-20"),
        ("opportunities", "O1", "opp_relationship", "3", "4"),
        ("opportunities", "O2", "pursued", "false", "true"),
    ]


def test_customer_events_good_bad_and_changed(org: Store, tmp_path: Path) -> None:
    text = EVENT_HEAD + (
        "E1,A1,王姐,birthday,1978-10-12\n"
        "E2,A1,,store_opening,2026-11-20\n"  # an event of the store: no person
        "E3,A2,陈经理,promotion,2026-10-01\n"
        "E4,A2,陈经理,illness,\n"
        "E1,A2,陈经理,loss,2026-10-03\n"  # the same id again
    )
    result = ingest("customer_events", write(tmp_path / "ev.csv", text), org)
    assert (result.added, result.rejected) == (2, 3)
    stored = rows(org, CustomerEventRow, "event_id")
    assert stored["E1"] == {
        "event_id": "E1",
        "account_id": "A1",
        "person": "王姐",
        "kind": "birthday",
        "date": D(1978, 10, 12),
    }
    assert stored["E2"]["person"] == ""
    reasons = rejects(tmp_path / "ev.rejects.csv")
    assert "kind 'promotion' is not one of birthday, wedding" in reasons[4]
    assert reasons[5].startswith("date is empty")
    assert "duplicate event_id: row 2 has the same" in reasons[6]
    moved = EVENT_HEAD + "E1,A1,王姐,birthday,1978-10-12\nE2,A1,,store_opening,2026-11-27\n"
    result = ingest("customer_events", write(tmp_path / "ev2.csv", moved), org)
    assert (result.updated, result.unchanged) == (1, 1)
    assert history(org) == [("customer_events", "E2", "date", "2026-11-20", "2026-11-27")]


def test_receivables_good_bad_and_changed(org: Store, tmp_path: Path) -> None:
    text = REC_HEAD + (
        'V1,A1,R1,"120,000",2025-01-10,2025-03-31,2024-12-20,1,\n'
        "V2,A2,R2,8600.5,2026-08-01,2026-09-30,,0,2026-10-05\n"
        "V3,A2,R2,500,2026-08-01,2026-09-30,,1.5,\n"  # reminders are counted whole
        "V4,A2,R2,500,2026-08-01,2026-09-30,,-1,\n"
        "V5,A2,R2,500,2026-08-01,2026-09-30,,0,2026-07-01\n"  # paid before invoiced
        "V6,A2,R2,500,2026-08-01,,,0,\n"
    )
    result = ingest("receivables", write(tmp_path / "rec.csv", text), org)
    assert (result.added, result.rejected) == (2, 4)
    stored = rows(org, ReceivableRow, "receivable_id")
    assert stored["V1"]["amount"] == 120000.0 and stored["V1"]["completed_date"] == D(2024, 12, 20)
    assert stored["V1"]["paid_date"] is None and stored["V1"]["reminders"] == 1
    assert stored["V2"]["completed_date"] is None and stored["V2"]["paid_date"] == D(2026, 10, 5)
    reasons = rejects(tmp_path / "rec.rejects.csv")
    assert "reminders '1.5' is not a whole number >= 0" in reasons[4]
    assert "reminders '-1' is not a whole number >= 0" in reasons[5]
    assert reasons[6] == "paid_date 2026-07-01 is before invoice_date 2026-08-01"
    assert reasons[7].startswith("due_date is empty")
    # next month's export: one more reminder sent on V1, then it is paid
    later = REC_HEAD + "V1,A1,R1,120000,2025-01-10,2025-03-31,2024-12-20,2,2026-11-03\n"
    result = ingest("receivables", write(tmp_path / "rec2.csv", later), org)
    assert (result.added, result.updated) == (0, 1)
    assert history(org) == [
        ("receivables", "V1", "paid_date", None, "2026-11-03"),
        ("receivables", "V1", "reminders", "1", "2"),
    ]


def test_optional_columns_may_be_left_out(org: Store, tmp_path: Path) -> None:
    events = "event_id,account_id,kind,date\nE1,A1,store_anniversary,2019-05-01\n"
    assert ingest("customer_events", write(tmp_path / "ev.csv", events), org).added == 1
    head = "receivable_id,account_id,rep_id,amount,invoice_date,due_date\n"
    rec = head + "V1,A1,R1,100,2026-01-01,2026-02-01\n"
    assert ingest("receivables", write(tmp_path / "rec.csv", rec), org).added == 1
    stored = rows(org, ReceivableRow, "receivable_id")["V1"]
    assert (stored["reminders"], stored["paid_date"], stored["completed_date"]) == (0, None, None)
    # a later file without the paid_date column leaves a stored payment alone
    paid = head.strip() + ",paid_date\nV1,A1,R1,100,2026-01-01,2026-02-01,2026-03-01\n"
    ingest("receivables", write(tmp_path / "rec2.csv", paid), org)
    ingest("receivables", write(tmp_path / "rec3.csv", rec), org)
    assert rows(org, ReceivableRow, "receivable_id")["V1"]["paid_date"] == D(2026, 3, 1)
