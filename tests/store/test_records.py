"""One team's records on PostgreSQL: every query a report issues reads through an index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event

from helpers.playbook import load_library
from helpers.report.ingest import ingest_folder
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store

UNTIL = dt.date(2026, 10, 31)
SINCE = dt.date(2026, 4, 1)


def _scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of an ``EXPLAIN (FORMAT JSON)`` plan that reads a table or an index."""
    if "Relation Name" in plan:
        yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _report_queries(store: Store, team: str) -> list[tuple[str, Any]]:
    """The statements and parameters a report sends for ``team`` (and the reports page's
    default period), as the driver received them."""
    sent: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "pg_catalog" not in statement:  # pandas asking whether a table exists
            sent.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        store.teams()
        store.last_contact_date()
        store.team_records(team, UNTIL)
        store.team_records(team, UNTIL, SINCE)
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    return sent


def test_a_team_report_reads_contacts_through_an_index_only(postgres: str, tmp_path: Path) -> None:
    # At test size a sequential scan is the planner's honest choice, so sequential scans are
    # priced out (enable_seqscan = off): a plan then still holds one only where no index can
    # serve the query. At ten million contacts the planner picks these indexes by itself
    # (benchmarks/cold_report.py prints the plan there).
    spec = SampleSpec(teams=3, reps_per_team=4, months=6, seed=3)
    generate(tmp_path / "org", spec, load_library())
    store = Store(postgres)
    ingest_folder(tmp_path / "org", store)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    team = store.teams()[1]
    queries = _report_queries(store, team)
    assert any("contacts" in sql for sql, _ in queries)
    plans = []
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for sql, parameters in queries:
            explained = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", parameters)
            plans.append((sql, explained.scalar_one()[0]["Plan"]))
    for sql, plan in plans:
        for scan in _scans(plan):
            table = scan["Relation Name"]
            assert scan["Node Type"] != "Seq Scan", f"{table} read whole by: {sql}"
            if table == "contacts":
                # answered from the index alone, and only the part of it the query asks for
                assert scan["Node Type"] == "Index Only Scan", f"{scan['Node Type']}: {sql}"
                assert "Index Cond" in scan, f"whole index of contacts read by: {sql}"


def test_the_account_records_of_a_team_read_through_indexes(postgres: str, tmp_path: Path) -> None:
    # the same plans for the three account kinds, with a team's records all present
    spec = SampleSpec(teams=2, reps_per_team=3, months=6, seed=3)
    generate(tmp_path / "org", spec, load_library())
    store = Store(postgres)
    ingest_folder(tmp_path / "org", store)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    queries = _report_queries(store, store.teams()[0])
    read = {
        t for t in ("opportunities", "customer_events", "receivables") for s, _ in queries if t in s
    }
    assert read == {"opportunities", "customer_events", "receivables"}
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for sql, parameters in queries:
            plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", parameters).scalar_one()
            for scan in _scans(plan[0]["Plan"]):
                assert scan["Node Type"] != "Seq Scan", f"{scan['Relation Name']}: {sql}"


ACCOUNTS_CSV = (
    "account_id,name,owner_rep_id,grade,created_on,profile_fields,parked,tier\n"
    "A1,Acme,R1,A,2025-01-01,,no,strategic\nA2,Beta,R2,B,2025-01-01,,no,\n"
    "A3,Gamma,R3,B,2025-01-01,,no,\n"
)
FACTORS = ",".join(f"opp_{f}" for f in (
    "scope", "roi", "relationship", "competition", "timing", "customer_resources", "loyalty",
    "influence", "our_resources",
))  # fmt: skip


def test_team_records_hold_the_latest_assessments_near_events_and_unpaid_balances(
    store_url: str, tmp_path: Path
) -> None:
    from helpers.report.ingest import ingest

    files = {
        "reps": "rep_id,name,team_id,hire_date\nR1,Li,T01,2024-01-01\nR2,Wang,T01,2024-01-01\n"
        "R3,Zhao,T02,2024-01-01\n",
        "accounts": ACCOUNTS_CSV,
        "opportunities": f"opportunity_id,account_id,rep_id,assessed_on,{FACTORS},pursued\n"
        "O1,A1,R1,2026-03-01,1,1,1,1,1,1,1,1,1,no\n"
        "O2,A1,R1,2026-09-01,5,5,5,5,5,5,5,5,5,yes\n"  # A1's latest by the end
        "O3,A1,R1,2026-11-15,3,3,3,3,3,3,3,3,3,yes\n"  # assessed after the end
        "O4,A2,R2,2026-06-01,2,2,2,2,2,2,2,2,2,yes\n"
        "O5,A3,R3,2026-06-01,4,4,4,4,4,4,4,4,4,no\n",  # another team's
        "customer_events": "event_id,account_id,person,kind,date\n"
        "E1,A1,Wang,birthday,1975-02-03\n"  # recurs: read whatever its year
        "E2,A1,,store_opening,2026-12-20\n"  # within the days read past the end
        "E3,A2,Chen,illness,2027-02-01\n"  # too far past the end
        "E4,A2,Chen,wedding,2026-01-10\n"  # before the first day read
        "E5,A2,Chen,loss,2026-10-20\n"
        "E6,A3,Zhou,illness,2026-10-20\n",  # another team's account
        "receivables": "receivable_id,account_id,rep_id,amount,invoice_date,due_date,"
        "completed_date,reminders,paid_date\n"
        "V1,A1,R1,100,2026-01-01,2026-02-01,,3,\n"
        "V2,A1,R1,200,2026-01-01,2026-02-01,,0,2026-10-15\n"  # paid by the end
        "V3,A2,R2,300,2026-01-01,2026-02-01,2025-12-01,1,2026-11-15\n"  # paid after it
        "V4,A2,R2,400,2026-11-02,2026-12-01,,0,\n"  # invoiced after it
        "V5,A3,R3,500,2026-01-01,2026-02-01,,0,\n",
    }
    store = Store(store_url)
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert ingest(kind, path, store).rejected == 0, kind
    rec = store.team_records("T01", UNTIL, SINCE)
    opp = rec.opportunities.set_index("account_id")
    assert sorted(rec.opportunities["opportunity_id"]) == ["O2", "O4"]
    assert opp.loc["A1", "opp_scope"] == 5 and bool(opp.loc["A1", "pursued"])
    assert opp.loc["A1", "assessed_on"] == dt.datetime(2026, 9, 1)
    assert sorted(rec.events["event_id"]) == ["E1", "E2", "E5"]
    assert dict(zip(rec.events["event_id"], rec.events["owner_rep_id"], strict=True)) == {
        "E1": "R1", "E2": "R1", "E5": "R2",
    }  # fmt: skip
    assert sorted(rec.receivables["receivable_id"]) == ["V1", "V3"]
    v3 = rec.receivables.set_index("receivable_id").loc["V3"]
    assert v3["completed_date"] == dt.datetime(2025, 12, 1) and v3["reminders"] == 1
    assert rec.receivables.set_index("receivable_id")["completed_date"].isna().loc["V1"]
