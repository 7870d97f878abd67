"""Opening the store: its URL, the engine, the schema migrations, and what every part shares."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0003"
"""The newest migration: a store opened by this version is brought up to it."""


def store_url(url: str | None = None) -> str:
    """Return ``url`` or, if it is None, the configured store URL."""
    if url is not None:
        return url
    from helpers.config import get_settings

    configured = get_settings().store
    assert configured is not None
    return configured


def describe(url: str | None = None) -> str:
    """Return the store URL with any password hidden, for messages and reports."""
    return make_url(store_url(url)).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """Create an engine for the store (without touching its schema).

    For a SQLite file the folder is created if needed and the database runs in
    WAL mode with foreign keys on, so that readers do not block the writer.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; defaults to ``COACHKIT_STORE`` or the SQLite file in ``var/``.
    """
    parsed = make_url(store_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def schema_version(engine: Engine) -> str | None:
    """Return the store's migration revision, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("select version_num from alembic_version").scalar()


def migrate(engine: Engine, attempts: int = 5) -> None:
    """Bring the store's schema to the newest migration.

    Several processes may open a new store at once; a process that loses the
    race to create the tables waits and checks again instead of failing.
    """
    from alembic import command
    from alembic.config import Config

    for attempt in range(attempts):
        if schema_version(engine) == HEAD:
            return
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("select pg_advisory_xact_lock(762531)")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            return
        except (OperationalError, ProgrammingError, IntegrityError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def _insert_ignoring_existing(conn: Connection, table: Table, rows: Sequence[dict]) -> int:
    """Insert ``rows`` into ``table``, skipping any whose primary key is stored; count added."""
    if not rows:
        return 0
    name = conn.dialect.name
    if name == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing()
    elif name == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - other databases are not supported
        raise NotImplementedError(f"store backend {name!r} is not supported")
    return conn.execute(stmt, list(rows)).rowcount


def _frame(conn: Connection, query: Any, dates: Sequence[str] = ()) -> pd.DataFrame:
    frame = pd.read_sql(query, conn)
    for col in dates:
        frame[col] = pd.to_datetime(frame[col])
    return frame


class StoreBase:
    """What every part of the store shares: its engine and its transactions."""

    engine: Engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything written inside it is stored, or nothing is."""
        with self.engine.begin() as conn:
            yield conn
