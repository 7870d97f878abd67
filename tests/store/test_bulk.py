"""Bulk loads (COPY on PostgreSQL, executemany on SQLite): the same rows stored, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Connection, Table, text

from helpers.playbook import load_library
from helpers.report.ingest import ingest, ingest_folder
from helpers.report.ingest import source as ingest_source
from helpers.report.sample import SampleSpec, generate
from helpers.store import Store, records
from helpers.store.bulk import STAGE_PREFIX
from helpers.store.engine import BULK_CACHE_KIB, _insert_ignoring_existing
from tests.pg import owned_database

TABLES = ("reps", "accounts", "contacts", "deals", "attempts")
TIMED = {
    "imports": "SELECT kind, rows_read, rows_added, rows_rejected FROM imports",
    "review_cards": "SELECT learner_id, item_id, module, CAST(card AS TEXT), due FROM review_cards",
}
"""Tables with a column that holds the time of writing: the other columns."""


@pytest.fixture
def org(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small organisation read in several chunks, with a bad and a repeated contact."""
    folder = tmp_path / "org"
    generate(folder, SampleSpec(teams=1, reps_per_team=3, months=2, seed=3), load_library(mini))
    contacts = folder / "contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    lines += [lines[5], lines[6].replace(",visit,", ",lunch,").replace(",call,", ",lunch,")]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(ingest_source, "CHUNK_ROWS", 97)
    return folder


def contents(store: Store) -> dict[str, list[str]]:
    """Every row of every table the import writes, in the database's own text (on PostgreSQL
    a JSON ``null`` and a missing value differ), and the import log without its times."""
    pg = store.engine.dialect.name == "postgresql"
    with store.engine.connect() as conn:
        rows = {}
        for t in TABLES:
            query = f"SELECT r::text FROM {t} AS r ORDER BY 1" if pg else f"SELECT * FROM {t}"
            rows[t] = sorted(str(tuple(r)) for r in conn.execute(text(query)))
        for t, query in TIMED.items():
            rows[t] = sorted(str(tuple(r)) for r in conn.execute(text(query)))
    return rows


def staging_tables(store: Store) -> int:
    query = text("SELECT count(*) FROM pg_class WHERE relname LIKE :p")
    with store.engine.connect() as conn:
        return int(conn.execute(query, {"p": STAGE_PREFIX + "%"}).scalar_one())


def ordinary(conn: Connection, table: Table, rows: pd.DataFrame) -> int:
    """The insert every other write uses: SQLAlchemy's, one dict per row."""
    return _insert_ignoring_existing(conn, table, rows.to_dict("records"))


@pytest.fixture(params=["sqlite", "postgresql"])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two new, empty stores on the same back-end."""
    if request.param == "sqlite":
        yield (
            Store(f"sqlite:///{tmp_path / 'a.sqlite'}"),
            Store(f"sqlite:///{tmp_path / 'b.sqlite'}"),
        )
        return
    server = request.getfixturevalue("postgres_server")
    with owned_database(server, "bulk") as a, owned_database(server, "plain") as b:
        stores = Store(a.url), Store(b.url)
        yield stores
        for store in stores:
            store.engine.dispose()


def test_a_bulk_load_stores_what_an_ordinary_insert_stores(
    two_stores: tuple[Store, Store], org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk, plain = two_stores
    name = "copy" if bulk.engine.dialect.name == "postgresql" else "executemany"
    calls: list[int] = []
    real = getattr(records, f"{name}_ignoring_existing")

    def spy(*args: Any) -> int:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(records, f"{name}_ignoring_existing", spy)
    first = [ingest_folder(org, bulk), ingest_folder(org, bulk)]
    assert len(calls) > 10  # every kind but scores, several chunks each
    monkeypatch.setattr(records, f"{name}_ignoring_existing", ordinary)
    second = [ingest_folder(org, plain), ingest_folder(org, plain)]
    got = [[(r.kind, r.read, r.added, r.unchanged, r.rejected) for r in run] for run in first]
    want = [[(r.kind, r.read, r.added, r.unchanged, r.rejected) for r in run] for run in second]
    assert got == want
    contacts = next(r for r in got[0] if r[0] == "contacts")
    assert contacts[2] > 0 and contacts[4] == 2  # the bad line and the repeated one
    assert all(r[2] == 0 for r in got[1])  # the second run adds nothing
    assert contents(bulk) == contents(plain)
    assert all(contents(bulk).values())
    if name == "copy":
        assert staging_tables(bulk) == 0


def test_a_failure_after_rows_were_copied_leaves_nothing(
    postgres: str, org: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(postgres)
    for kind in ("reps", "accounts"):
        ingest(kind, org / f"{kind}.csv", store)
    before = contents(store)
    real: Callable[..., int] = records.copy_ignoring_existing
    calls: list[int] = []

    def fails_on_the_third_chunk(*args: Any) -> int:
        calls.append(real(*args))
        if len(calls) == 3:
            raise RuntimeError("the server went away")
        return calls[-1]

    monkeypatch.setattr(records, "copy_ignoring_existing", fails_on_the_third_chunk)
    with pytest.raises(RuntimeError):
        ingest("contacts", org / "contacts.csv", store)
    assert len(calls) == 3 and all(calls)  # three chunks were copied and added...
    assert contents(store) == before  # ...and taken back out with their staging table
    assert staging_tables(store) == 0
    monkeypatch.undo()
    monkeypatch.setattr(ingest_source, "CHUNK_ROWS", 97)
    result = ingest("contacts", org / "contacts.csv", store)  # the same pooled connection
    assert result.added == result.read - 2
    store.engine.dispose()


def test_a_bulk_transaction_on_sqlite_widens_the_page_cache_for_itself_only(
    tmp_path: Path,
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'cache.sqlite'}")

    def cache(conn: Connection) -> int:
        return conn.connection.driver_connection.execute("PRAGMA cache_size").fetchone()[0]

    with store.transaction() as conn:
        before, raw = cache(conn), conn.connection.driver_connection
    assert before != -BULK_CACHE_KIB
    with pytest.raises(RuntimeError), store.transaction(bulk=True) as conn:
        assert conn.connection.driver_connection is raw  # the pooled connection
        assert cache(conn) == -BULK_CACHE_KIB
        raise RuntimeError("failed midway")
    with store.transaction() as conn:
        assert conn.connection.driver_connection is raw
        assert cache(conn) == before
