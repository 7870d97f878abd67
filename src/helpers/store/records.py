"""The organisation's records: reps, accounts, contacts, deals, and one team's view of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, bindparam, func, select

from helpers.store.bulk import Rows, copy_ignoring_existing, executemany_ignoring_existing
from helpers.store.engine import StoreBase, _frame, _insert_ignoring_existing
from helpers.store.tables import (
    OPPORTUNITY_FACTORS,
    RECURRING_EVENTS,
    AccountRow,
    AttemptRow,
    ContactRow,
    CustomerEventRow,
    DealRow,
    ImportRow,
    OpportunityRow,
    ReceivableRow,
    RecordHistoryRow,
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
    "opportunities": OpportunityRow,
    "customer_events": CustomerEventRow,
    "receivables": ReceivableRow,
}
"""The record kinds ``coachkit ingest`` loads, and their tables."""

TRACKED: dict[str, tuple[str, ...]] = {
    "reps": ("team_id", "name"),
    "accounts": ("grade", "owner_rep_id", "parked", "tier", "name"),
    "opportunities": ("rep_id", "assessed_on", *OPPORTUNITY_FACTORS, "pursued"),
    "customer_events": ("kind", "date", "person"),
    "receivables": (
        "rep_id",
        "amount",
        "due_date",
        "completed_date",
        "reminders",
        "paid_date",
    ),
}
"""Columns a re-import of a kind changes in place, keeping the previous value in history."""
_LOOKUP = 500
"""Keys looked up per query when comparing a file with the store."""
EVENTS_AHEAD_DAYS = 62
"""Customer events read past a report's last day: those coming soon are due soon."""


def history_text(value: object) -> str | None:
    """A column's value as ``record_history`` keeps it: text, ``true``/``false`` for flags."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class Change:
    """One column of one stored record that a re-import changed."""

    kind: str
    record_id: str
    column: str
    old: object
    new: object


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
    opportunities: pd.DataFrame = field(default_factory=lambda: empty_records("opportunities"))
    """Each account's latest opportunity assessment by one of the team's reps, up to the last
    day read (the columns of the ``opportunities`` kind)."""
    events: pd.DataFrame = field(default_factory=lambda: empty_records("customer_events"))
    """Events of the team's accounts (the ``customer_events`` kind's columns and the account's
    ``owner_rep_id``): every birthday and store anniversary (they recur), other events from
    the first day read to :data:`EVENTS_AHEAD_DAYS` past the last."""
    receivables: pd.DataFrame = field(default_factory=lambda: empty_records("receivables"))
    """The team's reps' receivables invoiced by the last day read and unpaid on it."""


RECORD_DATES: dict[str, tuple[str, ...]] = {
    "opportunities": ("assessed_on",),
    "customer_events": ("date",),
    "receivables": ("invoice_date", "due_date", "completed_date", "paid_date"),
}
"""Date columns of the kinds :class:`TeamRecords` holds beyond the first ones, read as
``datetime64``."""


def empty_records(kind: str) -> pd.DataFrame:
    """A frame of ``kind``'s columns (dates as ``datetime64``) with no row."""
    table = RECORD_TABLES[kind].__table__
    extra = ["owner_rep_id"] if kind == "customer_events" else []
    frame = pd.DataFrame(columns=[*table.columns.keys(), *extra])
    for col in RECORD_DATES.get(kind, ()):
        frame[col] = pd.Series(dtype="datetime64[ns]")
    return frame


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

    def apply_changes(
        self, kind: str, rows: Sequence[dict], columns: Sequence[str], conn: Connection
    ) -> list[Change]:
        """Update stored records of ``kind`` whose ``columns`` differ from ``rows``.

        Rows whose key is not stored, or whose columns are all equal, are left alone.

        Parameters
        ----------
        kind : str
            ``reps`` or ``accounts`` (see :data:`TRACKED`).
        rows : sequence of dict
            Column name to value, as in the table; each key once.
        columns : sequence of str
            The columns to compare and update: some of ``TRACKED[kind]``.
        conn : Connection
            A connection from :meth:`transaction`: the updates belong to its import.

        Returns
        -------
        list of Change
            One per changed column of each changed record (to pass to :meth:`log_changes`).
        """
        if kind not in TRACKED:
            raise ValueError(f"{kind!r} records are not changed by a re-import")
        columns = [c for c in TRACKED[kind] if c in columns]
        if not rows or not columns:
            return []
        table = RECORD_TABLES[kind].__table__
        key = next(iter(table.primary_key.columns))
        wanted = {r[key.name]: r for r in rows}
        changes: list[Change] = []
        updates: list[dict] = []
        ids = list(wanted)
        for start in range(0, len(ids), _LOOKUP):
            part = ids[start : start + _LOOKUP]
            query = select(key, *(table.c[c] for c in columns)).where(key.in_(part))
            for stored in conn.execute(query).mappings():
                new = wanted[stored[key.name]]
                diff = [c for c in columns if stored[c] != new[c]]
                if not diff:
                    continue
                record_id = stored[key.name]
                changes += [Change(kind, record_id, c, stored[c], new[c]) for c in diff]
                updates.append({"b_key": record_id, **{c: new[c] for c in columns}})
        if updates:
            stmt = table.update().where(key == bindparam("b_key"))
            conn.execute(stmt.values({c: bindparam(c) for c in columns}), updates)
        return changes

    def log_changes(
        self, conn: Connection, changes: Sequence[Change], import_id: int | None = None
    ) -> None:
        """Keep the previous and new value of each change in ``record_history``."""
        if not changes:
            return
        now = datetime.now(UTC)
        rows = [
            {
                "kind": c.kind,
                "record_id": c.record_id,
                "column_name": c.column,
                "old_value": history_text(c.old),
                "new_value": history_text(c.new),
                "changed_at": now,
                "import_id": import_id,
            }
            for c in changes
        ]
        conn.execute(RecordHistoryRow.__table__.insert(), rows)

    def record_history(self, kind: str, record_id: str | None = None) -> pd.DataFrame:
        """The kept changes of ``kind`` (of one record if ``record_id`` is given), oldest first.

        Columns: ``record_id``, ``column_name``, ``old_value``, ``new_value``,
        ``changed_at``, ``import_id``. On PostgreSQL under row-level security only an
        admin reads any.
        """
        t = RecordHistoryRow.__table__
        query = select(
            t.c.record_id, t.c.column_name, t.c.old_value, t.c.new_value, t.c.changed_at,
            t.c.import_id,
        ).where(t.c.kind == kind)  # fmt: skip
        if record_id is not None:
            query = query.where(t.c.record_id == record_id)
        with self.engine.connect() as conn:
            return _frame(conn, query.order_by(t.c.id))

    def log_import(
        self,
        conn: Connection,
        kind: str,
        file_name: str,
        sha256: str,
        read: int,
        added: int,
        rejected: int,
    ) -> int:
        """Record one ingest run in the ``imports`` table (inside its transaction); its id."""
        done = conn.execute(
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
        return int(done.inserted_primary_key[0])

    def known_ids(self, kind: str, column: str | None = None) -> set[str]:
        """Every stored id of ``kind`` (``reps``, ``accounts``...): its key column by default."""
        table = RECORD_TABLES[kind].__table__
        col = table.c[column] if column else next(iter(table.primary_key.columns))
        with self.engine.connect() as conn:
            return set(conn.execute(select(col).distinct()).scalars())

    def id_batches(self, kind: str, size: int = 100_000) -> Iterator[list[str]]:
        """Every stored id of ``kind`` (its key column), ``size`` at a time: for sets of ids
        too large to hold as Python objects at once."""
        table = RECORD_TABLES[kind].__table__
        key = next(iter(table.primary_key.columns))
        with self.engine.connect() as conn:
            # the driver's own cursor: no result rows made for SQLAlchemy, then dropped
            cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                cur.execute(str(select(key).compile(dialect=conn.dialect)))
                while part := cur.fetchmany(size):
                    yield [row[0] for row in part]
            finally:
                cur.close()

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
            more = self._account_records(conn, ids, until, since)
        for frame, col in ((attempts, "created_at"), (cards, "due")):
            frame[col] = pd.to_datetime(frame[col], utc=True)
        return TeamRecords(
            team_id, reps, accounts, contacts, deals, scores, attempts, cards, totals, **more
        )

    def _account_records(
        self, conn: Connection, ids: list[str], until: dt.date, since: dt.date | None
    ) -> dict[str, pd.DataFrame]:
        """The opportunities, customer events and receivables of :meth:`team_records` (a kind
        the store's user may not read is left empty)."""
        opp, ev = OpportunityRow.__table__, CustomerEventRow.__table__
        rec, acc = ReceivableRow.__table__, AccountRow.__table__
        out: dict[str, pd.DataFrame] = {}
        if self.can_read("opportunities"):
            latest = func.row_number().over(
                partition_by=opp.c.account_id,
                order_by=(opp.c.assessed_on.desc(), opp.c.opportunity_id.desc()),
            )
            ranked = (
                select(opp, latest.label("latest"))
                .where(opp.c.rep_id.in_(ids) & (opp.c.assessed_on <= until))
                .subquery()
            )
            columns = [ranked.c[c.name] for c in opp.columns]
            query = select(*columns).where(ranked.c.latest == 1)
            out["opportunities"] = _frame(conn, query, RECORD_DATES["opportunities"])
        if self.can_read("customer_events"):
            when = ev.c.date <= until + dt.timedelta(days=EVENTS_AHEAD_DAYS)
            if since is not None:
                when &= ev.c.date >= since
            query = (
                select(ev, acc.c.owner_rep_id)
                .join(acc, acc.c.account_id == ev.c.account_id)
                .where(acc.c.owner_rep_id.in_(ids) & (ev.c.kind.in_(RECURRING_EVENTS) | when))
            )
            out["events"] = _frame(conn, query, RECORD_DATES["customer_events"])
        if self.can_read("receivables"):
            unpaid = rec.c.paid_date.is_(None) | (rec.c.paid_date > until)
            query = select(rec).where(
                rec.c.rep_id.in_(ids) & (rec.c.invoice_date <= until) & unpaid
            )
            out["receivables"] = _frame(conn, query, RECORD_DATES["receivables"])
        return out
