"""How fast contacts (the big table) ingest, against a floor measured in the same run.

Run with ``.venv/bin/python benchmarks/ingest.py [--teams N] [--repeats N] [--skip-postgres]``.
An organisation is generated (``--teams``, default 30), its reps and accounts loaded, then
its contacts are loaded again and again into a copy of that store, each time in a new
process, which reports its time and peak memory (``ru_maxrss``):

1. the floor: the Python standard library's ``csv`` module and ``executemany`` into a table
   of the same shape (same columns, key and indexes) in one transaction, no checks; and the
   same into a table with its key alone;
   (both with the kit's page cache of a bulk load);
2. ``ingest`` of the kit, every check included, on SQLite;
3. on a local PostgreSQL (``scripts/pg-test-server.sh``, stopped afterwards): the kit's
   ``ingest`` (through ``COPY``) beside the floor there, a bare ``COPY`` of the file into a
   table of the same shape.

Throughput is in rows a second (the median of the runs); ratios are to the floor.

``--large`` instead loads the large organisation of ``benchmarks/reports.py`` (500 teams,
about 17 million rows of which 12.7 million contacts; generating it takes a minute or
two) with ``coachkit ingest``'s folder load, every kind, into a new SQLite store in a new
process, and prints its time and peak memory. ``--large-folder DIR`` keeps its files
there (generated only if missing) for the next run.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_SCRIPT = ROOT / "scripts" / "pg-test-server.sh"


def _same_shape(dialect: Any, indexes: bool) -> list[str]:
    """DDL of a table ``floor`` shaped as ``contacts``: columns, key and (optionally) indexes."""
    from sqlalchemy import MetaData
    from sqlalchemy.schema import CreateIndex, CreateTable

    from helpers.store.tables import ContactRow

    table = ContactRow.__table__.to_metadata(MetaData(), name="floor")
    ddl = [str(CreateTable(table).compile(dialect=dialect))]
    if indexes:
        ddl += [
            str(CreateIndex(i).compile(dialect=dialect)).replace("ix_contacts_", "ix_floor_")
            for i in table.indexes
        ]
    return ddl


def floor_sqlite(db: str, csv_path: str, indexes: bool) -> tuple[int, float]:
    """Stdlib csv + executemany into a same-shape table, one transaction, no checks."""
    import sqlite3

    from sqlalchemy.dialects import sqlite

    from helpers.store.engine import BULK_CACHE_KIB

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")  # the kit's own, for its indexes
    for statement in _same_shape(sqlite.dialect(), indexes):
        con.execute(statement)
    start = time.perf_counter()
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        marks = ", ".join("?" * len(header))
        con.execute("BEGIN")
        cur = con.executemany(f"INSERT INTO floor ({', '.join(header)}) VALUES ({marks})", rows)
        con.execute("COMMIT")
    seconds = time.perf_counter() - start
    con.close()
    return cur.rowcount, seconds


def floor_postgres(url: str, csv_path: str) -> tuple[int, float]:
    """A bare COPY of the file into a same-shape table (key and indexes), one transaction."""
    import psycopg
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as con, con.cursor() as cur:
        for statement in _same_shape(postgresql.dialect(), True):
            cur.execute(statement)
        con.commit()
        start = time.perf_counter()
        with (
            open(csv_path, "rb") as fh,
            cur.copy("COPY floor FROM STDIN (FORMAT csv, HEADER)") as cp,
        ):
            while block := fh.read(1 << 20):
                cp.write(block)
        added = cur.rowcount
        con.commit()
        seconds = time.perf_counter() - start
        cur.execute("DROP TABLE floor")
    return added, seconds


def kit(url: str, csv_path: str) -> tuple[int, float]:
    """The kit's ``ingest`` of a contacts file, every check included."""
    from helpers.report.ingest import ingest
    from helpers.store import Store

    store = Store(url)
    start = time.perf_counter()
    result = ingest("contacts", Path(csv_path), store)
    seconds = time.perf_counter() - start
    store.engine.dispose()
    return result.added, seconds


def kit_folder(url: str, folder: str) -> tuple[int, float]:
    """The kit's folder load (``coachkit ingest --folder``): every kind, every check."""
    from helpers.report.ingest import ingest_folder
    from helpers.store import Store

    store = Store(url)
    start = time.perf_counter()
    results = ingest_folder(Path(folder), store)
    seconds = time.perf_counter() - start
    store.engine.dispose()
    return sum(r.added for r in results), seconds


def large(folder: Path | None) -> None:
    """Generate the large organisation (unless kept from an earlier run), load it in a new
    process and print the time and the process's peak memory."""
    from helpers.playbook import load_library
    from helpers.report.sample import generate

    from reports import large_spec

    work = Path(tempfile.mkdtemp(prefix="coachkit-bench-large-"))
    org = folder or work / "org"
    try:
        if not (org / "contacts.csv").is_file():
            start = time.perf_counter()
            generate(org, large_spec(), load_library(strict=False))
            print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)
        rows = {p.stem: sum(1 for _ in p.open("rb")) - 1 for p in org.glob("*.csv")}
        print(f"large organisation: {sum(rows.values()):,} rows, {rows['contacts']:,} contacts")
        url = f"sqlite:///{work / 'large.sqlite'}"
        added, seconds, peak = in_child("kit_folder", url, str(org))
        print(
            f"  kit: coachkit ingest, every kind {added:>12,} rows {added / seconds:>10,.0f} rows/s"
            f"  in {seconds:5.0f} s  peak {peak / 1024:5.0f} MiB (goal < 1024 MiB)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _child(name: str, *args: Any) -> tuple[int, float, int]:
    fn: Callable[..., tuple[int, float]] = globals()[name]
    rows, seconds = fn(*args)
    return rows, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def in_child(name: str, *args: Any) -> tuple[int, float, int]:
    """Run ``name(*args)`` in a new process: rows, seconds (reading and writing, without
    opening and closing the database), and the process's peak RSS in KiB."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(_child, name, *args).result()


def measure(label: str, runs: list[tuple[int, float, int]], *floors: float) -> float:
    """Print one line: rows a second (median), peak memory, how many times slower than each
    floor given; return the rate."""
    rows = runs[0][0]
    rate = statistics.median(r / s for r, s, _ in runs)
    peak = max(p for _, _, p in runs) / 1024
    line = f"  {label:<44} {rows:>9,} rows {rate:>10,.0f} rows/s  peak {peak:5.0f} MiB"
    print(
        line
        + "".join(f"  {f / rate:5.2f}x slower than floor {i + 1}" for i, f in enumerate(floors))
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=30, help="size of the organisation")
    parser.add_argument("--months", type=int, default=6, help="months of history")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--large", action="store_true", help="the large organisation instead")
    parser.add_argument("--large-folder", type=Path, help="keep its files here, for reuse")
    args = parser.parse_args()
    if args.large or args.large_folder:
        large(args.large_folder)
        return

    from helpers.playbook import load_library
    from helpers.report.ingest import ingest
    from helpers.report.sample import SampleSpec, generate
    from helpers.store import Store

    work = Path(tempfile.mkdtemp(prefix="coachkit-bench-ingest-"))
    try:
        org = work / "org"
        spec = SampleSpec(teams=args.teams, months=args.months)
        counts = generate(org, spec, load_library(strict=False))
        contacts = str(org / "contacts.csv")
        print(f"organisation: {args.teams} teams, {counts['contacts']:,} contacts", flush=True)

        base = work / "base.sqlite"
        store = Store(f"sqlite:///{base}")
        for kind in ("reps", "accounts"):
            ingest(kind, org / f"{kind}.csv", store)
        store.engine.dispose()

        def fresh(i: int) -> str:
            copy = work / f"run{i}.sqlite"
            for f in work.glob("run*.sqlite*"):
                f.unlink()
            shutil.copy(base, copy)
            return str(copy)

        print("SQLite")
        keyed = [in_child("floor_sqlite", fresh(i), contacts, False) for i in range(args.repeats)]
        shaped = [in_child("floor_sqlite", fresh(i), contacts, True) for i in range(args.repeats)]
        floor = measure("floor 1: csv + executemany, key and indexes", shaped)
        bare = measure("floor 2: csv + executemany, key alone", keyed)
        runs = [in_child("kit", f"sqlite:///{fresh(i)}", contacts) for i in range(args.repeats)]
        measure("kit: coachkit ingest contacts", runs, floor, bare)

        if args.skip_postgres:
            return
        pg = Path(tempfile.mkdtemp(prefix="coachkit-bench-pg-"))  # the script hands it over
        started = subprocess.run(
            ["bash", str(PG_SCRIPT), "start", str(pg)], capture_output=True, text=True, check=True
        )
        server = started.stdout.strip().splitlines()[-1]
        try:
            from sqlalchemy import create_engine, text

            from helpers.store.tables import ContactRow

            store = Store(server)
            for kind in ("reps", "accounts"):
                ingest(kind, org / f"{kind}.csv", store)
            print("PostgreSQL (local server)")
            copies, runs = [], []
            for _ in range(args.repeats):
                copies.append(in_child("floor_postgres", server, contacts))
                runs.append(in_child("kit", server, contacts))
                with store.transaction() as conn:
                    conn.execute(ContactRow.__table__.delete())
                with create_engine(server, isolation_level="AUTOCOMMIT").connect() as conn:
                    conn.execute(text("VACUUM contacts"))
            store.engine.dispose()
            floor = measure("floor 1: COPY of the file, key and indexes", copies)
            measure("kit: coachkit ingest contacts (COPY)", runs, floor)
        finally:
            subprocess.run(["bash", str(PG_SCRIPT), "stop", str(pg)], check=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
