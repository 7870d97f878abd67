"""The organisation's records: reps, accounts, contacts, deals, and one team's view of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, func, select

from helpers.store.bulk import Rows, copy_ignoring_existing, executemany_ignoring_existing
from helpers.store.engine import StoreBase, _frame, _insert_ignoring_existing
from helpers.store.tables import (
    AccountRow,
    AttemptRow,
    ContactRow,
    DealRow,
    ImportRow,
    RepRow,
    ReviewCardRow,
    ScoreRow,
)

RECORD_TABLES: dict[str, type] = {
    "reps": RepRow,
    "accounts": AccountRow,
    "contacts": ContactRow,
    "deals": DealRow,
    "attempts": AttemptRow,
    "scores": ScoreRow,
}
"""The record kinds ``coachkit ingest`` loads, and their tables."""


@dataclass
class TeamRecords:
    """Everything stored about one team, as data frames (for :mod:`helpers.report.metrics`)."""

    team_id: str
    reps: pd.DataFrame
    accounts: pd.DataFrame
    contacts: pd.DataFrame
    deals: pd.DataFrame
    scores: pd.DataFrame
    attempts: pd.DataFrame
    cards: pd.DataFrame
    contact_totals: pd.DataFrame = field(default_factory=lambda: empty_contact_totals())
    """The contacts before :attr:`contacts` begins, per account (index ``account_id``):
    ``contacts`` (how many) and ``last_contact`` (the latest date). Empty when
    :attr:`contacts` holds the whole history."""


def empty_contact_totals() -> pd.DataFrame:
    """A :attr:`TeamRecords.contact_totals` with no account."""
    frame = pd.DataFrame(
        {"contacts": pd.Series(dtype="int64"), "last_contact": pd.Series(dtype="datetime64[ns]")}
    )
    return frame.rename_axis("account_id")


class RecordStore(StoreBase):
    """Organisation records (mixed into :class:`helpers.store.Store`)."""

    def insert_new(self, kind: str, rows: Rows, conn: Connection | None = None) -> int:
        """Store records of ``kind`` whose id is not stored yet; return how many were added.

        Parameters
        ----------
        kind : str
            One of :data:`RECORD_TABLES` except ``scores`` (see :meth:`save_scores`).
        rows : sequence of dict, or DataFrame
            Column name to value, as in the table.
        conn : Connection, optional
            A connection from :meth:`transaction`; by default the rows get their own.

        Notes
        -----
        On PostgreSQL the rows are loaded with ``COPY``, on SQLite with one ``executemany``
        of tuples (see :mod:`helpers.store.bulk`).
        """
        if conn is None:
            with self.transaction() as own:
                return self.insert_new(kind, rows, own)
        table = RECORD_TABLES[kind].__table__
        if conn.dialect.name == "postgresql":
            return copy_ignoring_existing(conn, table, rows)
        if conn.dialect.name == "sqlite":
            return executemany_ignoring_existing(conn, table, rows)
        rows = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
        return _insert_ignoring_existing(conn, table, rows)

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
        table = RECORD_TABLES[kind].__table__
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def teams(self) -> list[str]:
        """Every team id with at least one rep, sorted (of the reps the store's user may read:
        none for a PostgreSQL login without access to reps)."""
        if not self.can_read("reps"):
            return []
        with self.engine.connect() as conn:
            query = select(RepRow.team_id).distinct().order_by(RepRow.team_id)
            return list(conn.execute(query).scalars())

    def last_contact_date(self) -> dt.date | None:
        """The date of the latest contact stored, or None when there is none."""
        with self.engine.connect() as conn:
            value = conn.execute(select(func.max(ContactRow.__table__.c.date))).scalar_one()
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value)[:10])

    def team_records(
        self, team_id: str, until: dt.date, since: dt.date | None = None
    ) -> TeamRecords:
        """Everything about ``team_id`` up to and including ``until``.

        Only the team's reps, the accounts they own, and the contacts, deals,
        scores, training attempts and review cards of those reps are read,
        so a report can hold no other team's data.

        Parameters
        ----------
        team_id : str
            The team.
        until : date
            The last day read.
        since : date, optional
            The first day whose contacts are read one by one; the database sums up
            the earlier ones per account (:attr:`TeamRecords.contact_totals`).
            Default: every contact is read.
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
            mine = con.c.rep_id.in_(ids) & (con.c.date <= until)
            recent = mine if since is None else mine & (con.c.date >= since)
            contacts = _frame(
                conn,
                select(con.c.date, con.c.rep_id, con.c.account_id, con.c.type).where(recent),
                ["date"],
            )
            totals = empty_contact_totals()
            if since is not None:
                summed = select(
                    con.c.account_id,
                    func.count().label("contacts"),
                    func.max(con.c.date).label("last_contact"),
                ).where(mine & (con.c.date < since))
                totals = _frame(conn, summed.group_by(con.c.account_id), ["last_contact"])
                totals = totals.set_index("account_id").astype({"contacts": "int64"})
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
        return TeamRecords(
            team_id, reps, accounts, contacts, deals, scores, attempts, cards, totals
        )
