"""One team's report at scale: cold on SQLite, warm on PostgreSQL, each against its floor.

Run with ``.venv/bin/python benchmarks/cold_report.py --sqlite URL [--postgres URL]``,
the stores holding the large organisation of ``benchmarks/reports.py`` (about 10
million contacts, 5,000 reps, 500 teams). ``--load-postgres FOLDER`` first loads that
organisation's CSV files into the PostgreSQL store with ``COPY`` (set-up only, the
kit's ``coachkit ingest`` is not timed here) and prints its throughput. Everything
else is measured in this run, on this machine:

1. cold: ``coachkit report`` in a new process with a new kernel, against its floor: a
   bare ``python -c`` then a new kernel running an empty notebook through papermill;
2. the bare queries: one team's records read in a warm process (what the database
   costs), on each store;
3. warm on PostgreSQL: a kept ``ReportRunner`` against its floor, a warm process that
   computes the same figures and writes them as HTML; then the plan of every query the
   report sends, and whether any reads the whole of ``contacts``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
PERIOD = ("2026-10-01", "2026-10-31")
EMPTY_NOTEBOOK = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(fn: Callable[[], object], repeats: int, warm_up: bool = True) -> float:
    if warm_up:
        fn()
    return statistics.median(timed(fn) for _ in range(repeats))


def run(*cmd: str | Path) -> None:
    subprocess.run([str(c) for c in cmd], check=True, capture_output=True)


def middle_team(url: str) -> str:
    from helpers.store import Store

    teams = Store(url).teams()
    return teams[len(teams) // 2]


# ------------------------------------------------------------------ 1. cold


def cold(url: str, team: str, work: Path, repeats: int) -> None:
    empty = work / "empty.ipynb"
    empty.write_text(json.dumps(EMPTY_NOTEBOOK), encoding="utf-8")
    papermill_empty = (
        "import papermill; papermill.execute_notebook"
        f"({str(empty)!r}, None, kernel_name='python3', progress_bar=False)"
    )
    t_python = median(lambda: run(sys.executable, "-c", "pass"), repeats)
    t_floor = median(lambda: run(sys.executable, "-c", papermill_empty), repeats)
    cmd = [BIN / "coachkit", "report", "--team", team, "--store", url, "--out", work / "x.html"]
    cmd += ["--from", PERIOD[0], "--to", PERIOD[1]]
    t_cold = median(lambda: run(*cmd), repeats)
    print(f"1. cold `coachkit report` for team {team} on SQLite (median of {repeats})")
    print(f"   bare `python -c pass`                          {t_python:8.2f} s")
    print(f"   floor: python + kernel + empty notebook        {t_floor:8.2f} s")
    print(f"   coachkit report, new process and kernel        {t_cold:8.2f} s  (goal < 4 s)")
    print(f"   ratio cold / floor                             {t_cold / t_floor:8.2f}x")


# ------------------------------------------------------------------ 2. queries


def queries(url: str, team: str, repeats: int, label: str) -> float:
    from helpers.playbook import load_library
    from helpers.report.figures import contacts_from
    from helpers.report.metrics import Period
    from helpers.store import Store

    store = Store(url)
    period = Period(*(dt.date.fromisoformat(d) for d in PERIOD))
    since = contacts_from(load_library(strict=False), period)
    t_whole = median(lambda: store.team_records(team, period.end), repeats)
    t_summed = median(lambda: store.team_records(team, period.end, since), repeats)
    n = len(store.team_records(team, period.end).contacts)
    print(f"2. the bare queries for team {team} on {label} ({n:,} contacts; warm, median)")
    print(f"   every contact row by row                       {t_whole:8.3f} s")
    print(f"   older contacts summed up by the database       {t_summed:8.3f} s")
    return t_summed


# ------------------------------------------------------------------ 3. PostgreSQL


def floor_report(url: str, team: str, out: Path) -> None:
    """The same figures and sections, computed in this process and written as one page
    (the reports benchmark's floor)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from reports import floor_report as written_in_process

    written_in_process(url, team, out)


def warm_postgres(url: str, team: str, work: Path, repeats: int) -> None:
    from helpers import report as reports
    from helpers.report.runner import ReportRunner

    t_floor = median(lambda: floor_report(url, team, work / "floor.html"), repeats)
    params = reports.validate(team, *PERIOD, url, "en")
    with ReportRunner() as runner:
        runner.start()
        t_warm = median(lambda: runner.render(params, work / "warm.html"), repeats)
    print(f"3. one team ({team}) on PostgreSQL, warm (median of {repeats} after a warm-up)")
    print(f"   floor: compute the figures, write HTML         {t_floor:8.2f} s")
    print(f"   ReportRunner: papermill + nbconvert, warm      {t_warm:8.2f} s  (goal < 5 s)")
    print(f"   ratio runner / floor                           {t_warm / t_floor:8.2f}x")


def _scans(plan: dict[str, Any]) -> list[str]:
    found = []
    if "Relation Name" in plan:
        found.append(f"{plan['Node Type']} on {plan['Relation Name']}")
    for child in plan.get("Plans", []):
        found += _scans(child)
    return found


def plans(url: str, team: str) -> None:
    """The plan of every query one team's report sends (the planner left to itself)."""
    from sqlalchemy import event

    from helpers.playbook import load_library
    from helpers.report.figures import contacts_from
    from helpers.report.metrics import Period
    from helpers.store import Store

    store = Store(url)
    sent: list[tuple[str, Any]] = []

    def keep(_c: Any, _k: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "pg_catalog" not in statement:
            sent.append((statement, parameters))

    period = Period(*(dt.date.fromisoformat(d) for d in PERIOD))
    since = contacts_from(load_library(strict=False), period)
    event.listen(store.engine, "before_cursor_execute", keep)
    store.teams()
    store.last_contact_date()
    store.team_records(team, period.end, since)
    event.remove(store.engine, "before_cursor_execute", keep)
    print("   plans of the report's queries:")
    full = False
    with store.engine.connect() as conn:
        for sql, parameters in sent:
            plan = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", parameters).scalar_one()
            scans = _scans(plan[0]["Plan"])
            full |= "Seq Scan on contacts" in scans
            table = re.search(r"\bfrom\s+(\w+)", sql, re.IGNORECASE)
            where = table.group(1) if table else "(no table)"
            print(f"     from {where:<16} {', '.join(scans) or '-'}")
    print(f"   a full scan of contacts                        {'yes' if full else 'none':>8}")


# ------------------------------------------------------------------ PostgreSQL set-up

STAGED = {
    "scores": (
        "session_id text, rep_id text, trainer_id text, criterion_id text, score int, "
        "scored_on date, rubric_version text",
        "insert into roleplay_scores (session_id, trainer_id, criterion_id, rep_id, score, "
        "first_score, comment, scenario_id, rubric_version, scored_on, updated_at) select "
        "session_id, trainer_id, criterion_id, rep_id, score, score, '', '', rubric_version, "
        "scored_on, now() from staged on conflict do nothing",
    ),
}
"""Files copied into a staging table first: the columns the CSV file holds, then the insert
that fills the table's other columns as the kit's ingest does."""


def load_postgres(url: str, folder: Path) -> None:
    """Copy the organisation's CSV files into the store at ``url`` (set-up, no checks); the
    training attempts, which also schedule review cards, go through the kit's ingest."""
    from helpers.report.ingest import ingest
    from helpers.store import Store

    store = Store(url)
    raw = store.engine.raw_connection()
    rows = 0
    start = time.perf_counter()
    try:
        cur = raw.cursor()
        for kind in ("reps", "accounts", "contacts", "deals", "scores"):
            path = folder / f"{kind}.csv"
            header = path.open(encoding="utf-8").readline().strip()
            target = "staged" if kind in STAGED else kind
            if kind in STAGED:
                cur.execute(f"create temp table staged ({STAGED[kind][0]})")
            # an empty field is empty text, as the kit's ingest reads it, not NULL
            options = f"format csv, header true, force_not_null ({header})"
            sql = f"copy {target} ({header}) from stdin with ({options})"
            with cur.copy(sql) as copy, path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            rows += cur.rowcount
            if kind in STAGED:
                cur.execute(STAGED[kind][1])
                cur.execute("drop table staged")
            raw.commit()
        rows += ingest("attempts", folder / "attempts.csv", store).added
        raw.driver_connection.autocommit = True
        cur.execute("vacuum analyze")
    finally:
        raw.close()
    took = time.perf_counter() - start
    print(f"0. {rows:,} rows into PostgreSQL: COPY, the attempts by ingest, VACUUM ANALYZE")
    print(f"   took                                           {took:8.1f} s")
    print(f"   throughput                                     {rows / took:8.0f} rows/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sqlite", required=True, help="SQLite store of the large organisation")
    ap.add_argument("--postgres", help="PostgreSQL store of the same organisation")
    ap.add_argument("--load-postgres", type=Path, help="CSV folder to COPY into --postgres")
    ap.add_argument("--team", help="the team (default: the middle one)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"{dt.datetime.now():%Y-%m-%d %H:%M}")
    team = args.team or middle_team(args.sqlite)
    with tempfile.TemporaryDirectory(prefix="coachkit-cold-") as tmp:
        work = Path(tmp)
        cold(args.sqlite, team, work, args.repeats)
        queries(args.sqlite, team, args.repeats, "SQLite")
        if args.postgres:
            if args.load_postgres:
                load_postgres(args.postgres, args.load_postgres)
            queries(args.postgres, team, args.repeats, "PostgreSQL")
            warm_postgres(args.postgres, team, work, args.repeats)
            plans(args.postgres, team)


if __name__ == "__main__":
    main()
