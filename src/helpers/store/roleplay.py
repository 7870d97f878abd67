"""Role-play scores: saved idempotently, changes kept in history."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from helpers.errors import DataError
from helpers.files import part_path, spreadsheet_frame
from helpers.playbook.scale import HIGHEST, LOWEST
from helpers.store.engine import StoreBase, _insert_ignoring_existing
from helpers.store.tables import ScoreHistoryRow, ScoreRow, SessionRow, SubmissionRow


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
    score: int = Field(ge=LOWEST, le=HIGHEST)
    comment: str = ""
    scenario_id: str = ""
    rubric_version: str = Field(min_length=1, max_length=32)
    scored_on: dt.date
    first_score: int | None = Field(default=None, ge=LOWEST, le=HIGHEST)
    """The value first given, blind (as stored; when saving, None means ``score``)."""

    @field_validator("session_id", "trainer_id", "criterion_id", "rep_id", mode="before")
    @classmethod
    def _id(cls, value: object) -> object:
        return normalise_id(value) if isinstance(value, str) else value

    @property
    def revised(self) -> bool:
        """True when the score was changed after it was first given."""
        return self.first_score is not None and self.first_score != self.score


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def normalise_id(value: str) -> str:
    """An id as the store keeps it: Unicode in NFC form, zero-width characters (often pasted
    along from a CRM) removed, surrounding space removed.

    Every id a person types or imports (trainer, session, rep, team) passes here once, so
    ``"TR1 "``, ``"T\u200b01"`` and ``"TR1"``, ``"T01"`` are the same everywhere.
    """
    return unicodedata.normalize("NFC", value).translate(_ZERO_WIDTH).strip()


def normalise_ids(values: list[str]) -> list[str]:
    """:func:`normalise_id` of each value; quick on ASCII text, which needs only the strip."""
    if "".join(values).isascii():
        return list(map(str.strip, values))
    return [v.strip() if v.isascii() else normalise_id(v) for v in values]


SCORE_COLUMNS: tuple[str, ...] = (
    "session_id",
    "criterion_id",
    "trainer_id",
    "score",
    "revised_score",
    "rep_id",
    "scenario_id",
    "comment",
    "rubric_version",
    "scored_on",
)
"""The columns of an exported score file. ``score`` is the value as first submitted, blind
(what calibration reads); ``revised_score`` the value after a revision, empty if none."""
STORED_COLUMNS: tuple[str, ...] = (
    "session_id",
    "criterion_id",
    "trainer_id",
    "score",
    "first_score",
    "rep_id",
    "scenario_id",
    "comment",
    "rubric_version",
    "scored_on",
)
"""The columns of :meth:`RoleplayStore.scores_frame`: ``score`` now, ``first_score`` as first
given."""


class RoleplaySession(BaseModel):
    """A role-play: which rep, which scenario (or none for a visit situation), which rubric."""

    model_config = ConfigDict(frozen=True)

    session_id: str = Field(min_length=1, max_length=64)
    rep_id: str = Field(min_length=1, max_length=64)
    scenario_id: str = ""
    rubric_id: str = Field(min_length=1, max_length=64)
    rubric_version: str = Field(min_length=1, max_length=32)
    created_by: str = Field(min_length=1, max_length=64)
    created_at: datetime


@dataclass
class SaveSummary:
    """What saving a batch of scores did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


def _history(old: Mapping[str, object], now: datetime) -> dict[str, object]:
    """The history row that keeps a score's previous value."""
    keep = ("session_id", "trainer_id", "criterion_id", "score", "comment", "rubric_version")
    return {k: old[k] for k in keep} | {"replaced_at": now}


def _row(score: Score, now: datetime) -> dict[str, object]:
    """The row that stores a new score: its first value is the one given (or carried in)."""
    first = score.score if score.first_score is None else score.first_score
    return {**score.model_dump(), "first_score": first, "updated_at": now}


def _save_score(conn: Connection, score: Score, now: datetime) -> str:
    """Insert or update one score inside the caller's transaction; say which."""
    values = _row(score, now)
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
    if all(old[f] == values[f] for f in FIELDS):
        return "unchanged"
    conn.execute(ScoreHistoryRow.__table__.insert(), _history(old, now))
    conn.execute(table.update().where(key).values(**{f: values[f] for f in FIELDS}, updated_at=now))
    return "updated"


FIELDS = ("rep_id", "score", "comment", "scenario_id", "rubric_version", "scored_on")
"""What a score holds besides its key; a change in any of them is an update with history."""
BULK = 50
"""Batches at least this large are saved set-wise instead of row by row."""


class _Race(Exception):
    """Another writer stored some of a batch's new scores while it was being saved."""


def _key(score: Score) -> tuple[str, str, str]:
    return (score.session_id, score.trainer_id, score.criterion_id)


def _save_many(conn: Connection, scores: list[Score], now: datetime) -> SaveSummary:
    """Save a large batch set-wise: one read of what is stored, bulk inserts and updates."""
    table, history = ScoreRow.__table__, ScoreHistoryRow.__table__
    latest = {_key(s): s for s in scores}  # the same score twice in a batch: the last wins
    stored: dict[tuple[str, str, str], dict] = {}
    sessions = sorted({k[0] for k in latest})
    for i in range(0, len(sessions), 500):
        query = select(table).where(table.c.session_id.in_(sessions[i : i + 500]))
        for row in conn.execute(query).mappings():
            key = (row["session_id"], row["trainer_id"], row["criterion_id"])
            if key in latest:
                stored[key] = dict(row)
    new = [s for k, s in latest.items() if k not in stored]
    added = _insert_ignoring_existing(conn, table, [_row(s, now) for s in new])
    if added != len(new):
        raise _Race
    changed = [
        (stored[k], s)
        for k, s in latest.items()
        if k in stored and any(stored[k][f] != getattr(s, f) for f in FIELDS)
    ]
    if changed:
        conn.execute(history.insert(), [_history(old, now) for old, _ in changed])
        update = (
            table.update()
            .where(
                (table.c.session_id == bindparam("k_session"))
                & (table.c.trainer_id == bindparam("k_trainer"))
                & (table.c.criterion_id == bindparam("k_criterion"))
            )
            .values({f: bindparam(f"v_{f}") for f in FIELDS} | {"updated_at": now})
        )
        conn.execute(
            update,
            [
                {
                    "k_session": s.session_id,
                    "k_trainer": s.trainer_id,
                    "k_criterion": s.criterion_id,
                }
                | {f"v_{f}": getattr(s, f) for f in FIELDS}
                for _, s in changed
            ],
        )
    unchanged = len(latest) - len(new) - len(changed) + (len(scores) - len(latest))
    return SaveSummary(added=added, updated=len(changed), unchanged=unchanged)


class RoleplayStore(StoreBase):
    """Role-play scores (mixed into :class:`helpers.store.Store`)."""

    def save_scores(self, scores: Iterable[Score], conn: Connection | None = None) -> SaveSummary:
        """Save role-play scores in one transaction, idempotently.

        A score saved again with the same values changes nothing; a changed
        score is updated and its previous value kept in the history table.
        """
        now = datetime.now(UTC)
        batch = list(scores)

        def save(c: Connection) -> SaveSummary:
            if len(batch) >= BULK:
                try:
                    with c.begin_nested():
                        return _save_many(c, batch, now)
                except _Race:
                    pass  # rolled back to the savepoint; settle it row by row
            summary = SaveSummary()
            for score in batch:
                what = _save_score(c, score, now)
                setattr(summary, what, getattr(summary, what) + 1)
            return summary

        if conn is not None:
            return save(conn)
        for attempt in range(5):
            try:
                with self.transaction() as own:
                    return save(own)
            except OperationalError:  # a concurrent writer held the lock too long
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

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

    # ------------------------------------------------------------ sessions
    def open_session(self, session: RoleplaySession) -> RoleplaySession:
        """Create a role-play session, or return the stored one with the same id."""
        table = SessionRow.__table__
        with self.transaction() as conn:
            _insert_ignoring_existing(conn, table, [session.model_dump()])
            row = (
                conn.execute(select(table).where(table.c.session_id == session.session_id))
                .mappings()
                .one()
            )
        return RoleplaySession.model_validate(dict(row))

    def sessions(self, rep_id: str | None = None) -> list[RoleplaySession]:
        """Stored sessions, newest first, optionally of one rep."""
        table = SessionRow.__table__
        query = select(table).order_by(table.c.created_at.desc(), table.c.session_id)
        if rep_id is not None:
            query = query.where(table.c.rep_id == rep_id)
        with self.engine.connect() as conn:
            return [RoleplaySession.model_validate(dict(r)) for r in conn.execute(query).mappings()]

    def submit(
        self, session_id: str, trainer_id: str, scores: Sequence[Score], note: str = ""
    ) -> SaveSummary:
        """Save one trainer's score sheet for a session and mark it submitted, in one transaction.

        The first submission reveals the other trainers' scores to this
        trainer. Submitting again with the same values changes nothing; a
        change after that is a revision: the score is updated (its first value
        and the history kept) and the sheet's ``revised_at`` is set.

        Raises
        ------
        ValueError
            If the session does not exist, or a score belongs to another
            session or trainer.
        """
        session_id, trainer_id = normalise_id(session_id), normalise_id(trainer_id)
        for s in scores:
            if (s.session_id, s.trainer_id) != (session_id, trainer_id):
                raise ValueError(
                    f"score of criterion {s.criterion_id!r} belongs to session "
                    f"{s.session_id!r} and trainer {s.trainer_id!r}, not {session_id!r} and "
                    f"{trainer_id!r}"
                )
        now = datetime.now(UTC)
        sub = SubmissionRow.__table__
        with self.transaction() as conn:
            known = conn.execute(
                select(SessionRow.session_id).where(SessionRow.session_id == session_id)
            ).first()
            if known is None:
                raise ValueError(f"no role-play session {session_id!r} in the store")
            key = (sub.c.session_id == session_id) & (sub.c.trainer_id == trainer_id)
            query = select(sub.c.note).where(key)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            before = conn.execute(query).first()
            summary = self.save_scores(scores, conn)
            if before is None:
                values = {"session_id": session_id, "trainer_id": trainer_id, "note": note}
                insert = (sqlite if conn.dialect.name == "sqlite" else postgresql).insert(sub)
                # a sheet submitted twice at once: the first submission stands
                conn.execute(insert.values(**values, submitted_at=now).on_conflict_do_nothing())
            elif summary.updated or before.note != note:
                conn.execute(sub.update().where(key).values(note=note, revised_at=now))
        return summary

    def submitted(self, session_id: str) -> dict[str, str]:
        """Trainers who have submitted a sheet for the session, with their overall notes."""
        return {k: v["note"] for k, v in self.submissions(session_id).items()}

    def submissions(self, session_id: str) -> dict[str, dict[str, object]]:
        """Each submitted sheet of the session by trainer: ``note``, ``submitted_at`` (first
        submission) and ``revised_at`` (last revision after it, or None)."""
        sub = SubmissionRow.__table__
        query = (
            select(sub.c.trainer_id, sub.c.note, sub.c.submitted_at, sub.c.revised_at)
            .where(sub.c.session_id == normalise_id(session_id))
            .order_by(sub.c.trainer_id)
        )
        with self.engine.connect() as conn:
            return {r.trainer_id: dict(r._mapping) for r in conn.execute(query)}

    def session_scores(self, session_id: str, viewer: str) -> list[Score]:
        """The session's scores as ``viewer`` may see them (blind scoring).

        Until the viewer has submitted their own sheet, only their own scores
        are returned; afterwards every trainer's.
        """
        session_id, viewer = normalise_id(session_id), normalise_id(viewer)
        table = ScoreRow.__table__
        query = select(table).where(table.c.session_id == session_id)
        if viewer not in self.submitted(session_id):
            query = query.where(table.c.trainer_id == viewer)
        query = query.order_by(table.c.criterion_id, table.c.trainer_id)
        with self.engine.connect() as conn:
            return [Score.model_validate(dict(r)) for r in conn.execute(query).mappings()]

    def scorers(self, session_id: str) -> int:
        """How many trainers have scored the session so far (a count, never their scores).

        On PostgreSQL with the kit's access rules a trainer may not read the others'
        scores before submitting; the count then comes from ``coachkit_scorers``.
        """
        table = ScoreRow.__table__
        query = select(table.c.trainer_id).where(table.c.session_id == session_id).distinct()
        with self.engine.connect() as conn:
            if (
                conn.dialect.name == "postgresql"
                and conn.exec_driver_sql(
                    "select to_regprocedure('coachkit_scorers(text)') is not null"
                ).scalar()
            ):
                count = text("select coachkit_scorers(:s)")
                return int(conn.execute(count, {"s": session_id}).scalar_one())
            return len(conn.execute(query).all())

    def scores_frame(self) -> pd.DataFrame:
        """Every stored role-play score as a table (:data:`STORED_COLUMNS`): ``score`` as it
        is now and ``first_score`` as first given, for calibration and export (those the
        store's user may read).

        Raises
        ------
        DataError
            If the store's user may not read role-play scores at all (a learner's login).
        """
        table = ScoreRow.__table__
        if not self.can_read(table.name):
            raise DataError("op.store.no_access", table=table.name)
        cols = [table.c[c] for c in STORED_COLUMNS]
        with self.engine.connect() as conn:
            return pd.read_sql(select(*cols).order_by(*cols[:3]), conn)

    def export_scores(self, path: Path) -> int:
        """Write every role-play score to a CSV file (:data:`SCORE_COLUMNS`; UTF-8 with BOM,
        for Excel); return rows.

        ``score`` is the value as first submitted, blind; ``revised_score`` the
        value now, where it was changed after that. A text a spreadsheet would run as
        a formula is written with a ``'`` before it (:func:`helpers.files.spreadsheet_text`).
        """
        if not path.parent.is_dir():
            raise DataError("op.no_folder", path=path.parent)
        frame = self.scores_frame()
        revised = frame["score"] != frame["first_score"]
        frame["revised_score"] = frame["score"].where(revised).astype("Int64")
        frame["score"] = frame["first_score"]
        frame = spreadsheet_frame(frame.loc[:, list(SCORE_COLUMNS)])
        part = part_path(path)
        try:
            # CRLF ends a row (RFC 4180): a carriage return inside a cell is then quoted
            frame.to_csv(part, index=False, encoding="utf-8-sig", lineterminator="\r\n")
            part.replace(path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return len(frame)
