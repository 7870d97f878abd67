"""Learners' attempts and their review cards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from helpers.store.engine import StoreBase, _insert_ignoring_existing
from helpers.store.tables import AttemptRow, ReviewCardRow


def score_ratio(score: Any, max_score: Any) -> Any:
    """Score as a share of the maximum, never above 1 (scalars or arrays alike)."""
    return np.minimum(1.0, np.asarray(score, dtype=float) / np.asarray(max_score, dtype=float))


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
        """Score as a share of the maximum, 0 to 1 (see :func:`score_ratio`)."""
        return float(score_ratio(self.score, self.max_score))


class Card(BaseModel):
    """The review state of one item for one learner."""

    learner_id: str
    item_id: str
    module: str
    card: dict[str, Any]
    due: datetime


def _attempt(row: AttemptRow) -> Attempt:
    return Attempt.model_validate(row, from_attributes=True)


class LearningStore(StoreBase):
    """Attempts and review cards (mixed into :class:`helpers.store.Store`)."""

    # ------------------------------------------------------------ attempts
    def record_attempt(self, attempt: Attempt) -> bool:
        """Store an attempt; return False if one with the same id is already stored."""
        with self.transaction() as conn:
            row = attempt.model_dump()
            return _insert_ignoring_existing(conn, AttemptRow.__table__, [row]) == 1

    def attempts(
        self,
        learner_id: str | None = None,
        module: str | None = None,
        exercise_id: str | None = None,
        conn: Connection | None = None,
    ) -> list[Attempt]:
        """Return stored attempts, oldest first, optionally filtered.

        ``conn`` reads inside a transaction of :meth:`transaction` (seeing its writes).
        """
        query = select(AttemptRow).order_by(AttemptRow.created_at, AttemptRow.id)
        if learner_id is not None:
            query = query.where(AttemptRow.learner_id == learner_id)
        if module is not None:
            query = query.where(AttemptRow.module == module)
        if exercise_id is not None:
            query = query.where(AttemptRow.exercise_id == exercise_id)
        with Session(bind=conn if conn is not None else self.engine) as session:
            return [_attempt(r) for r in session.scalars(query)]

    def learners(self) -> list[str]:
        """Return every learner id with at least one attempt, sorted."""
        with Session(self.engine) as session:
            query = select(AttemptRow.learner_id).distinct().order_by(AttemptRow.learner_id)
            return list(session.scalars(query))

    # -------------------------------------------------------- review cards
    def save_card(self, card: Card) -> None:
        """Insert or replace the review state of one item for one learner."""
        self.save_cards([card])

    def save_cards(self, cards: Sequence[Card], conn: Connection | None = None) -> None:
        """Insert or replace the review state of many items, in one transaction (``conn``'s,
        if given)."""
        if not cards:
            return
        now = datetime.now(UTC)
        table = ReviewCardRow.__table__
        rows = [{**c.model_dump(), "updated_at": now} for c in cards]

        def save(c: Connection) -> None:
            dialect = sqlite if c.dialect.name == "sqlite" else postgresql
            stmt = dialect.insert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=["learner_id", "item_id"],
                set_={k: stmt.excluded[k] for k in ("module", "card", "due", "updated_at")},
            )
            c.execute(stmt, rows)

        if conn is not None:
            save(conn)
            return
        with self.transaction() as own:
            save(own)

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
