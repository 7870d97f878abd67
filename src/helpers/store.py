"""The record store: the only module that talks to the database.

The store is any SQLAlchemy URL; by default a SQLite file under the
gitignored ``var/`` folder (``COACHKIT_STORE`` overrides it). Opening a store
brings its schema up to date through the Alembic migrations in
``helpers/migrations``. Writes are transactional and idempotent: a record has
an id, and writing the same record twice stores it once.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from helpers.schema import AttemptRow, ReviewCardRow

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0001"


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


class Attempt(BaseModel):
    """One answer to one exercise, as stored.

    Attributes
    ----------
    id : str
        Chosen by the caller when the answer is given, so saving twice stores once.
    exercise_id : str
        ``<kind>:<content id>``, e.g. ``quiz:pc_01`` or ``flow_order:canonical``.
    content_version : str
        Version of the playbook file the exercise was built from.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=64)
    learner_id: str = Field(min_length=1, max_length=64)
    module: str = Field(min_length=1, max_length=64)
    exercise_id: str = Field(min_length=1, max_length=160)
    content_version: str = Field(min_length=1, max_length=32)
    answer: Any
    score: float = Field(ge=0)
    max_score: float = Field(gt=0)
    feedback: Any
    locale: str = Field(pattern=r"^(zh|en)$")
    created_at: datetime

    @field_validator("learner_id")
    @classmethod
    def _learner(cls, value: str) -> str:
        value = value.strip()
        if not value or any(not ch.isprintable() for ch in value):
            raise ValueError("learner id must be printable text")
        return value

    @field_validator("created_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("created_at must carry a timezone")
        return value.astimezone(UTC)

    @property
    def ratio(self) -> float:
        """Score as a share of the maximum, 0 to 1."""
        return min(1.0, self.score / self.max_score)


class Card(BaseModel):
    """The review state of one item for one learner."""

    learner_id: str
    item_id: str
    module: str
    card: dict[str, Any]
    due: datetime


def _attempt(row: AttemptRow) -> Attempt:
    return Attempt.model_validate(row, from_attributes=True)


class Store:
    """Read and write records.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; defaults to the configured store. The schema is
        migrated to the newest version on opening.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = store_url(url)
        self.engine = get_engine(self.url)
        migrate(self.engine)

    def __repr__(self) -> str:
        return f"Store({describe(self.url)!r})"

    # ------------------------------------------------------------ attempts
    def record_attempt(self, attempt: Attempt) -> bool:
        """Store an attempt; return False if one with the same id is already stored."""
        row = AttemptRow(**attempt.model_dump())
        with Session(self.engine) as session:
            if session.get(AttemptRow, attempt.id) is not None:
                return False
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
        return True

    def attempts(
        self,
        learner_id: str | None = None,
        module: str | None = None,
        exercise_id: str | None = None,
    ) -> list[Attempt]:
        """Return stored attempts, oldest first, optionally filtered."""
        query = select(AttemptRow).order_by(AttemptRow.created_at, AttemptRow.id)
        if learner_id is not None:
            query = query.where(AttemptRow.learner_id == learner_id)
        if module is not None:
            query = query.where(AttemptRow.module == module)
        if exercise_id is not None:
            query = query.where(AttemptRow.exercise_id == exercise_id)
        with Session(self.engine) as session:
            return [_attempt(r) for r in session.scalars(query)]

    def learners(self) -> list[str]:
        """Return every learner id with at least one attempt, sorted."""
        with Session(self.engine) as session:
            query = select(AttemptRow.learner_id).distinct().order_by(AttemptRow.learner_id)
            return list(session.scalars(query))

    # -------------------------------------------------------- review cards
    def save_card(self, card: Card) -> None:
        """Insert or replace the review state of one item for one learner."""
        now = datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            row = session.get(ReviewCardRow, (card.learner_id, card.item_id))
            if row is None:
                session.add(ReviewCardRow(**card.model_dump(), updated_at=now))
            else:
                row.card = card.card
                row.due = card.due
                row.module = card.module
                row.updated_at = now

    def cards(self, learner_id: str, due_before: datetime | None = None) -> list[Card]:
        """Return a learner's review cards, soonest due first."""
        query = (
            select(ReviewCardRow)
            .where(ReviewCardRow.learner_id == learner_id)
            .order_by(ReviewCardRow.due)
        )
        if due_before is not None:
            query = query.where(ReviewCardRow.due <= due_before)
        with Session(self.engine) as session:
            return [Card.model_validate(r, from_attributes=True) for r in session.scalars(query)]
