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
