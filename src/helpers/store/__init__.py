"""The record store: the only module that talks to the database.

The store is any SQLAlchemy URL; by default a SQLite file under the
gitignored ``var/`` folder (``COACHKIT_STORE`` overrides it). Opening a store
brings its schema up to date through the Alembic migrations in
``helpers/migrations``. Writes are transactional and idempotent: a record has
an id, and writing the same record twice stores it once.
"""

from __future__ import annotations

from helpers.store.engine import (
    HEAD,
    MIGRATIONS,
    describe,
    get_engine,
    migrate,
    require_current,
    schema_version,
    store_url,
)
from helpers.store.learning import Attempt, Card, LearningStore, score_ratio
from helpers.store.people import PeopleStore, roles_from_groups
from helpers.store.records import RECORD_TABLES, TRACKED, Change, RecordStore, TeamRecords
from helpers.store.roleplay import RoleplaySession, RoleplayStore, SaveSummary, Score
from helpers.store.state import StateStore

__all__ = [
    "HEAD",
    "MIGRATIONS",
    "RECORD_TABLES",
    "TRACKED",
    "Attempt",
    "Card",
    "Change",
    "RoleplaySession",
    "SaveSummary",
    "Score",
    "Store",
    "TeamRecords",
    "describe",
    "get_engine",
    "migrate",
    "require_current",
    "roles_from_groups",
    "schema_version",
    "score_ratio",
    "store_url",
]


class Store(LearningStore, RecordStore, RoleplayStore, PeopleStore, StateStore):
    """Read and write records.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; defaults to the configured store. The schema is
        migrated to the newest version on opening.
    create : bool
        False for a reader (a report): the store must exist at the newest schema; it is
        never created or migrated, and an empty or unknown database is refused.

    Raises
    ------
    DataError
        If the store was written by a newer version of the kit or, with ``create``
        False, does not exist, is empty, or is at an older schema.
    """

    def __init__(self, url: str | None = None, create: bool = True) -> None:
        self.url = store_url(url)
        self.engine = get_engine(self.url, create=create)
        if create:
            migrate(self.engine)
        else:
            require_current(self.engine)

    def __repr__(self) -> str:
        return f"Store({describe(self.url)!r})"
