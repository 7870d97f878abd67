"""The record store: the only module that talks to the database.

The store is any SQLAlchemy URL; by default a SQLite file under the
gitignored ``var/`` folder (``COACHKIT_STORE`` overrides it).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


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


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """Create an engine for the store.

    For a SQLite file the folder is created if needed and the database runs in
    WAL mode with foreign keys on, so that several readers and one writer can
    work at once.

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
