"""The record store: the only module that talks to the database.

The store is any SQLAlchemy URL; by default a SQLite file under the
gitignored ``var/`` folder (``COACHKIT_STORE`` overrides it). Opening a store
brings its schema up to date through the Alembic migrations in
``helpers/migrations``. Writes are transactional and idempotent: a record has
an id, and writing the same record twice stores it once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from helpers.schema import (
    AccountRow,
    AttemptRow,
    ContactRow,
    DealRow,
    ImportRow,
    RepRow,
    ReviewCardRow,
    ScoreHistoryRow,
    ScoreRow,
)

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = "0002"

RECORD_TABLES: dict[str, type] = {
    "reps": RepRow,
    "accounts": AccountRow,
    "contacts": ContactRow,
    "deals": DealRow,
    "attempts": AttemptRow,
    "scores": ScoreRow,
}
"""The record kinds ``coachkit ingest`` loads, and their tables."""


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


class Score(BaseModel):
    """One trainer's score of one rubric criterion in one role-play session.

    Attributes
    ----------
    session_id, trainer_id, criterion_id : str
        The natural key: one score per trainer, criterion and session.
    rubric_version : str
        Content version of the rubric the score was given under; it never
        changes when the rubric is edited later.
    """

    model_config = ConfigDict(frozen=True)

    session_id: str = Field(min_length=1, max_length=64)
    trainer_id: str = Field(min_length=1, max_length=64)
    criterion_id: str = Field(min_length=1, max_length=64)
    rep_id: str = Field(min_length=1, max_length=64)
    score: int = Field(ge=1, le=5)
    comment: str = ""
    scenario_id: str = ""
    rubric_version: str = Field(min_length=1, max_length=32)
    scored_on: dt.date


@dataclass
class SaveSummary:
    """What saving a batch of scores did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


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


def _save_score(conn: Connection, score: Score, now: datetime) -> str:
    """Insert or update one score inside the caller's transaction; say which."""
    values = {**score.model_dump(), "updated_at": now}
    table = ScoreRow.__table__
    # the write comes first, so a SQLite transaction takes the write lock at once
    if _insert_ignoring_existing(conn, table, [values]):
        return "added"
    key = (
        (table.c.session_id == score.session_id)
        & (table.c.trainer_id == score.trainer_id)
        & (table.c.criterion_id == score.criterion_id)
    )
    query = select(table).where(key)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    old = conn.execute(query).mappings().one()
    fields = ("rep_id", "score", "comment", "scenario_id", "rubric_version", "scored_on")
    if all(old[f] == values[f] for f in fields):
        return "unchanged"
    conn.execute(
        ScoreHistoryRow.__table__.insert(),
        {
            "session_id": old["session_id"],
            "trainer_id": old["trainer_id"],
            "criterion_id": old["criterion_id"],
            "score": old["score"],
            "comment": old["comment"],
            "rubric_version": old["rubric_version"],
            "replaced_at": now,
        },
    )
    conn.execute(table.update().where(key).values(**{f: values[f] for f in fields}, updated_at=now))
    return "updated"


def _frame(conn: Connection, query: Any, dates: Sequence[str] = ()) -> pd.DataFrame:
    frame = pd.read_sql(query, conn)
    for col in dates:
        frame[col] = pd.to_datetime(frame[col])
    return frame


@dataclass
class TeamRecords:
    """Everything stored about one team, as data frames (for :mod:`helpers.metrics`)."""

    team_id: str
    reps: pd.DataFrame
    accounts: pd.DataFrame
    contacts: pd.DataFrame
    deals: pd.DataFrame
    scores: pd.DataFrame
    attempts: pd.DataFrame
    cards: pd.DataFrame


class _Records:
    """Organisation records and role-play scores (mixed into :class:`Store`)."""

    engine: Engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything written inside it is stored, or nothing is."""
        with self.engine.begin() as conn:
            yield conn

    def insert_new(self, kind: str, rows: Sequence[dict], conn: Connection | None = None) -> int:
        """Store records of ``kind`` whose id is not stored yet; return how many were added.

        Parameters
        ----------
        kind : str
            One of :data:`RECORD_TABLES` except ``scores`` (see :meth:`save_scores`).
        rows : sequence of dict
            Column name to value, as in the table.
        conn : Connection, optional
            A connection from :meth:`transaction`; by default the rows get their own.
        """
        table = RECORD_TABLES[kind].__table__
        if conn is not None:
            return _insert_ignoring_existing(conn, table, rows)
        with self.transaction() as own:
            return _insert_ignoring_existing(own, table, rows)

    def save_scores(self, scores: Iterable[Score], conn: Connection | None = None) -> SaveSummary:
        """Save role-play scores in one transaction, idempotently.

        A score saved again with the same values changes nothing; a changed
        score is updated and its previous value kept in the history table.
        """
        now = datetime.now(UTC)
        summary = SaveSummary()

        def save(c: Connection) -> None:
            for score in scores:
                what = _save_score(c, score, now)
                setattr(summary, what, getattr(summary, what) + 1)

        if conn is not None:
            save(conn)
        else:
            for attempt in range(5):
                try:
                    with self.transaction() as own:
                        save(own)
                    break
                except OperationalError:  # a concurrent writer held the lock too long
                    summary = SaveSummary()
                    if attempt == 4:
                        raise
                    time.sleep(0.2 * (attempt + 1))
        return summary

    def score_history(self, session_id: str, trainer_id: str, criterion_id: str) -> list[dict]:
        """Previous values of one score, oldest first."""
        t = ScoreHistoryRow.__table__
        query = (
            select(t)
            .where(
                (t.c.session_id == session_id)
                & (t.c.trainer_id == trainer_id)
                & (t.c.criterion_id == criterion_id)
            )
            .order_by(t.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def log_import(
        self,
        conn: Connection,
        kind: str,
        file_name: str,
        sha256: str,
        read: int,
        added: int,
        rejected: int,
    ) -> None:
        """Record one ingest run in the ``imports`` table (inside its transaction)."""
        conn.execute(
            ImportRow.__table__.insert(),
            {
                "kind": kind,
                "file_name": file_name,
                "sha256": sha256,
                "rows_read": read,
                "rows_added": added,
                "rows_rejected": rejected,
                "imported_at": datetime.now(UTC),
            },
        )

    def known_ids(self, kind: str, column: str | None = None) -> set[str]:
        """Every stored id of ``kind`` (``reps``, ``accounts``...): its key column by default."""
        table = RECORD_TABLES[kind].__table__
        col = table.c[column] if column else next(iter(table.primary_key.columns))
        with self.engine.connect() as conn:
            return set(conn.execute(select(col).distinct()).scalars())

    def count(self, kind: str) -> int:
        """How many records of ``kind`` are stored."""
        from sqlalchemy import func

        table = RECORD_TABLES[kind].__table__
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def teams(self) -> list[str]:
        """Every team id with at least one rep, sorted."""
        with self.engine.connect() as conn:
            query = select(RepRow.team_id).distinct().order_by(RepRow.team_id)
            return list(conn.execute(query).scalars())

    def team_records(self, team_id: str, until: dt.date) -> TeamRecords:
        """Everything about ``team_id`` up to and including ``until``.

        Only the team's reps, the accounts they own, and the contacts, deals,
        scores, training attempts and review cards of those reps are read,
        so a report can hold no other team's data.
        """
        reps_t = RepRow.__table__
        with self.engine.connect() as conn:
            reps = _frame(
                conn,
                select(reps_t).where(reps_t.c.team_id == team_id).order_by(reps_t.c.rep_id),
                ["hire_date"],
            )
            ids = list(reps["rep_id"])
            acc, con, deal = AccountRow.__table__, ContactRow.__table__, DealRow.__table__
            sc, att, card = ScoreRow.__table__, AttemptRow.__table__, ReviewCardRow.__table__
            accounts = _frame(conn, select(acc).where(acc.c.owner_rep_id.in_(ids)), ["created_on"])
            contacts = _frame(
                conn,
                select(con.c.date, con.c.rep_id, con.c.account_id, con.c.type).where(
                    con.c.rep_id.in_(ids) & (con.c.date <= until)
                ),
                ["date"],
            )
            deals = _frame(
                conn,
                select(deal).where(deal.c.rep_id.in_(ids) & (deal.c.date <= until)),
                ["date"],
            )
            scores = _frame(
                conn,
                select(sc).where(sc.c.rep_id.in_(ids) & (sc.c.scored_on <= until)),
                ["scored_on"],
            )
            attempts = _frame(
                conn,
                select(
                    att.c.learner_id,
                    att.c.module,
                    att.c.exercise_id,
                    att.c.score,
                    att.c.max_score,
                    att.c.created_at,
                ).where(att.c.learner_id.in_(ids)),
            )
            cards = _frame(
                conn,
                select(card.c.learner_id, card.c.item_id, card.c.module, card.c.due).where(
                    card.c.learner_id.in_(ids)
                ),
            )
        for frame, col in ((attempts, "created_at"), (cards, "due")):
            frame[col] = pd.to_datetime(frame[col], utc=True)
        return TeamRecords(team_id, reps, accounts, contacts, deals, scores, attempts, cards)


class Store(_Records):
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
