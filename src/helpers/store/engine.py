"""Opening the store: its URL, the engine, the schema migrations, and what every part shares."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    event,
    inspect,
    literal_column,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0009"
"""The newest migration: a store opened by this version is brought up to it."""


def store_url(url: str | None = None) -> str:
    """Return ``url`` or, if it is None, the configured store URL, made absolute.

    A SQLite file given by a relative path (``sqlite:///org.sqlite``) is the
    file in the caller's current folder, resolved here once, so that every
    process it is handed to (a report kernel starts elsewhere) opens the same file.
    """
    if url is None:
        from helpers.config import get_settings

        url = get_settings().store
        assert url is not None
    return absolute_url(url)


def absolute_url(url: str, base: Path | None = None) -> str:
    """``url`` with a relative SQLite file path resolved against ``base`` (default: the
    current folder); any other URL unchanged."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).is_absolute():
        return url
    path = (base or Path.cwd()) / database
    return parsed.set(database=str(path.resolve())).render_as_string(hide_password=False)


def describe(url: str | None = None) -> str:
    """Return the store URL with any password hidden, for messages and reports."""
    return describe_any(store_url(url))


_PASSWORD = re.compile(r"(://[^/:@]*:)[^@/]*@")


def describe_any(url: str) -> str:
    """``url`` with any password hidden, whether or not it parses as a URL."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # malformed: hide whatever sits where a password would
        return _PASSWORD.sub(r"\1***@", url)


BUSY_TIMEOUT = 30
"""Seconds a SQLite connection waits for another one's lock before it gives up."""


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # the driver's own transaction handling is switched off: SQLAlchemy issues BEGIN itself
    # (below), so that a SAVEPOINT inside a transaction never commits it on release
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # the wait comes first: switching to WAL takes a lock another process may hold
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000}")
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # a transaction that will write takes the write lock at once: a reader that later wrote
    # could find its snapshot stale and fail at once, whatever the busy timeout
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


WRITE_OPTION = "coachkit_write"
"""Execution option marking a connection whose transaction will write."""


BULK_CACHE_KIB = 64 * 1024
"""SQLite page cache of a bulk load (KiB). Loading 12.5 million contacts took the same time
with 64, 128 and 256 MiB, and each doubling held about 100 MiB more, so the smallest is kept."""


@contextmanager
def write_transaction(engine: Engine, bulk: bool = False) -> Iterator[Connection]:
    """One transaction that writes: committed whole when the block ends, rolled back on error.

    ``bulk``: many rows will be written; on SQLite the connection's page cache grows to
    :data:`BULK_CACHE_KIB` for the transaction, then returns to what it was.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        raw = conn.connection.driver_connection if bulk else None
        if raw is not None and conn.dialect.name == "sqlite":
            # through the driver: a statement through SQLAlchemy would begin the transaction
            cache = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
            try:
                with conn.begin():
                    yield conn
            finally:
                raw.execute(f"PRAGMA cache_size={int(cache)}")
            return
        with conn.begin():
            yield conn


def get_engine(url: str | None = None, create: bool = True) -> Engine:
    """Create an engine for the store (without touching its schema).

    For a SQLite file the folder is created if needed and the database runs in
    WAL mode with foreign keys on, so that readers do not block the writer.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; defaults to ``COACHKIT_STORE`` or the SQLite file in ``var/``.
    create : bool
        False: a SQLite file that does not exist (or is empty) is refused instead of
        created.

    Raises
    ------
    DataError
        If ``create`` is False and the SQLite file does not exist or is empty.
    """
    parsed = make_url(store_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not create:
            from helpers.errors import DataError

            file = Path(parsed.database)
            if not file.is_file():
                raise DataError("op.store.missing", url=describe_any(str(parsed)))
            if file.stat().st_size == 0:
                raise DataError("op.store.empty", url=describe_any(str(parsed)))
        elif parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # the driver waits as long as the store does, from the moment it opens the file
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def schema_version(engine: Engine) -> str | None:
    """Return the store's migration revision, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("select version_num from alembic_version").scalar()


def known_revisions() -> set[str]:
    """The schema revisions this version of the kit has migrations for."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def require_current(engine: Engine) -> None:
    """Check, without changing anything, that the store holds the kit's schema at
    :data:`HEAD`: what a command that only reads needs.

    Raises
    ------
    DataError
        If the database holds no store (empty, or a mistyped name), a store written by a
        newer version of the kit, or one this version would first have to upgrade.
    """
    from helpers.errors import DataError

    url = engine.url.render_as_string(hide_password=True)
    current = schema_version(engine)
    if current == HEAD:
        return
    if current is None:
        raise DataError("op.store.empty", url=url)
    if current not in known_revisions():
        raise DataError("op.store.newer", url=url, found=current, head=HEAD)
    raise DataError("op.store.old", url=url, found=current, head=HEAD)


INSUFFICIENT_PRIVILEGE = "42501"
"""PostgreSQL's error code for a statement the user may not run."""


def migrate(engine: Engine, attempts: int = 5) -> None:
    """Bring the store's schema to the newest migration.

    Several processes may open a new store at once; a process that loses the
    race to create the tables waits and checks again instead of failing.

    A store at the newest revision is only read (any login may open it);
    one behind it is upgraded, which needs the owner of its tables.

    Raises
    ------
    DataError
        If the store was written by a newer version of the kit (an unknown revision), or
        is behind and the connecting user may not upgrade it.
    """
    for attempt in range(attempts):
        current = schema_version(engine)
        if current == HEAD:
            return
        # alembic loads only for a store to upgrade: opening a current one stays quick
        from alembic import command
        from alembic.config import Config

        if current is not None and current not in known_revisions():
            from helpers.errors import DataError

            url = engine.url.render_as_string(hide_password=True)
            raise DataError("op.store.newer", url=url, found=current, head=HEAD)
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with write_transaction(engine) as conn:
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("select pg_advisory_xact_lock(762531)")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            return
        except (OperationalError, ProgrammingError, IntegrityError) as exc:
            if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                from helpers.errors import DataError

                url = engine.url.render_as_string(hide_password=True)
                raise DataError("op.store.behind", url=url, found=current, head=HEAD) from None
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
        return conn.execute(stmt, list(rows)).rowcount
    if name == "postgresql":
        # psycopg reports no row count for a batched insert: count the rows it returns
        stmt = postgresql.insert(table).on_conflict_do_nothing().returning(literal_column("1"))
        return len(conn.execute(stmt, list(rows)).all())
    raise NotImplementedError(f"store backend {name!r} is not supported")  # pragma: no cover


def _frame(conn: Connection, query: Any, dates: Sequence[str] = ()) -> pd.DataFrame:
    frame = pd.read_sql(query, conn)
    for col in dates:
        frame[col] = pd.to_datetime(frame[col])
    return frame


class StoreBase:
    """What every part of the store shares: its engine and its transactions."""

    engine: Engine

    def can_read(self, table: str) -> bool:
        """True if the store's user may read ``table`` (always, except for a PostgreSQL login
        without the privilege; rows may still be limited by row-level security)."""
        if self.engine.dialect.name != "postgresql":
            return True
        query = text("select has_table_privilege(current_user, :t, 'select')")
        with self.engine.connect() as conn:
            return bool(conn.execute(query, {"t": table}).scalar())

    def access_limited(self) -> bool:
        """True when the store's user sees only some rows (a PostgreSQL login under the kit's
        row-level security that is not an admin); see :mod:`helpers.store.access`."""
        if self.engine.dialect.name != "postgresql":
            return False
        from helpers.store.access import limited

        with self.engine.connect() as conn:
            return limited(conn)

    @contextmanager
    def transaction(self, bulk: bool = False) -> Iterator[Connection]:
        """One transaction: everything written inside it is stored, or nothing is.

        ``bulk``: many rows will be written (see :func:`write_transaction`).
        """
        with write_transaction(self.engine, bulk) as conn:
            yield conn
