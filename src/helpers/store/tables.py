"""The tables of the record store (SQLAlchemy 2.0 declarative).

Change a table only together with a new migration in ``helpers/migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of all store tables."""


class AttemptRow(Base):
    """One answer a learner gave to one exercise, with its grading."""

    __tablename__ = "attempts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[str] = mapped_column(String(64))
    module: Mapped[str] = mapped_column(String(64))
    exercise_id: Mapped[str] = mapped_column(String(160))
    content_version: Mapped[str] = mapped_column(String(32))
    answer: Mapped[Any] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    feedback: Mapped[Any] = mapped_column(JSON)
    locale: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_attempts_learner_module", "learner_id", "module"),
        Index("ix_attempts_exercise", "exercise_id"),
    )


class ReviewCardRow(Base):
    """The spaced-repetition state of one item for one learner."""

    __tablename__ = "review_cards"

    learner_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    module: Mapped[str] = mapped_column(String(64))
    card: Mapped[Any] = mapped_column(JSON)
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_review_cards_due", "learner_id", "due"),)


# ------------------------------------------------------------ the organisation
# Imported from CRM exports or the sample generator (see data/README.md).
# Ids are text everywhere: "T01" and "007" must never become numbers.


class RepRow(Base):
    """A sales rep and the team they belong to."""

    __tablename__ = "reps"

    rep_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    team_id: Mapped[str] = mapped_column(String(64), index=True)
    hire_date: Mapped[dt.date] = mapped_column(Date)


class AccountRow(Base):
    """A customer account (a lead until its first deal), its grade and profile depth."""

    __tablename__ = "accounts"

    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_rep_id: Mapped[str] = mapped_column(String(64), index=True)
    grade: Mapped[str] = mapped_column(String(1))
    created_on: Mapped[dt.date] = mapped_column(Date)
    profile_fields: Mapped[str] = mapped_column(Text, default="")
    """Profile fields known, ``;``-separated ids from the cadence rules."""
    parked: Mapped[bool] = mapped_column(Boolean, default=False)
    tier: Mapped[str] = mapped_column(String(16), default="")
    """Key-account tier: ``strategic``, ``important``, ``general``, or empty (not a key account)."""


class ContactRow(Base):
    """One effective contact of a rep with an account."""

    __tablename__ = "contacts"

    contact_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    rep_id: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(32), default="")

    __table_args__ = (
        Index("ix_contacts_rep_date_account_type", "rep_id", "date", "account_id", "type"),
        Index("ix_contacts_account", "account_id"),
        Index("ix_contacts_date", "date"),
    )


class DealRow(Base):
    """An order won from an account."""

    __tablename__ = "deals"

    deal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64), index=True)
    rep_id: Mapped[str] = mapped_column(String(64))
    date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_deals_rep_date", "rep_id", "date"),)


OPPORTUNITY_FACTORS: tuple[str, ...] = (
    "opp_scope",
    "opp_roi",
    "opp_relationship",
    "opp_competition",
    "opp_timing",
    "opp_customer_resources",
    "opp_loyalty",
    "opp_influence",
    "opp_our_resources",
)
"""The nine opportunity-assessment factors, as ``playbooks/key_accounts/opportunity.yaml``
names them: one rating column each."""


class OpportunityRow(Base):
    """An account's opportunity as last assessed: the nine factor ratings (1-5), and whether
    the rep pursues it."""

    __tablename__ = "opportunities"

    opportunity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64))
    rep_id: Mapped[str] = mapped_column(String(64))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    opp_scope: Mapped[int] = mapped_column(Integer)
    opp_roi: Mapped[int] = mapped_column(Integer)
    opp_relationship: Mapped[int] = mapped_column(Integer)
    opp_competition: Mapped[int] = mapped_column(Integer)
    opp_timing: Mapped[int] = mapped_column(Integer)
    opp_customer_resources: Mapped[int] = mapped_column(Integer)
    opp_loyalty: Mapped[int] = mapped_column(Integer)
    opp_influence: Mapped[int] = mapped_column(Integer)
    opp_our_resources: Mapped[int] = mapped_column(Integer)
    pursued: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_opportunities_rep_assessed", "rep_id", "assessed_on"),
        Index("ix_opportunities_account", "account_id"),
    )


RECURRING_EVENTS: tuple[str, ...] = ("birthday", "store_anniversary")
"""Customer events that come back every year on the same day."""


class CustomerEventRow(Base):
    """Something that happens to a customer or a person there (a birthday, an illness, a store
    opening), which the relationship-maintenance programme answers."""

    __tablename__ = "customer_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64))
    person: Mapped[str] = mapped_column(String(200), default="")
    """Who it happens to (empty: the store or the company)."""
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[dt.date] = mapped_column(Date)
    """The day; for a birthday or a store anniversary, any year's (it recurs)."""

    __table_args__ = (Index("ix_customer_events_account_date", "account_id", "date"),)


class ReceivableRow(Base):
    """An invoice's balance: when it fell due, reminders sent, and when it was paid."""

    __tablename__ = "receivables"

    receivable_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64))
    rep_id: Mapped[str] = mapped_column(String(64))
    amount: Mapped[float] = mapped_column(Float)
    invoice_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    """The day the contract said it would be paid."""
    completed_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    """When the project was topped out or completed (project customers only)."""
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    """Formal reminders sent so far."""
    paid_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    """When it was paid in full (None: unpaid)."""

    __table_args__ = (
        Index("ix_receivables_rep_invoice", "rep_id", "invoice_date"),
        Index("ix_receivables_account", "account_id"),
    )


class ScoreRow(Base):
    """One trainer's score of one rubric criterion in one role-play session.

    The natural key is (session, trainer, criterion): saving it again with the
    same value changes nothing; a new value updates the row and the old one
    goes to :class:`ScoreHistoryRow`. ``first_score`` is the value first given,
    before the trainer could see anyone else's (blind scoring): it never changes.
    """

    __tablename__ = "roleplay_scores"

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    trainer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    rep_id: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[int] = mapped_column(Integer)
    first_score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    scenario_id: Mapped[str] = mapped_column(String(64), default="")
    rubric_version: Mapped[str] = mapped_column(String(32))
    scored_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScoreHistoryRow(Base):
    """A previous value of a role-play score, kept when the score was changed."""

    __tablename__ = "roleplay_score_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(64))
    trainer_id: Mapped[str] = mapped_column(String(64))
    criterion_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    rubric_version: Mapped[str] = mapped_column(String(32))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_score_history_key", "session_id", "trainer_id", "criterion_id"),)


class ImportRow(Base):
    """One run of ``coachkit ingest``: what was read, added and rejected."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_added: Mapped[int] = mapped_column(Integer)
    rows_rejected: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RecordHistoryRow(Base):
    """A previous value of a rep's or an account's column, kept when a re-import changed it."""

    __tablename__ = "record_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    """``reps`` or ``accounts``."""
    record_id: Mapped[str] = mapped_column(String(64))
    column_name: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    import_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The run of ``coachkit ingest`` (``imports.id``) that made the change."""

    __table_args__ = (Index("ix_record_history_record", "kind", "record_id"),)


class SessionRow(Base):
    """A role-play session: one rep, one scenario (or visit situation), one rubric version."""

    __tablename__ = "roleplay_sessions"

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    rep_id: Mapped[str] = mapped_column(String(64), index=True)
    scenario_id: Mapped[str] = mapped_column(String(64), default="")
    rubric_id: Mapped[str] = mapped_column(String(64))
    rubric_version: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubmissionRow(Base):
    """One trainer's submitted score sheet for a session: its overall note and when.

    Until a trainer has a submission for a session, the store shows them only
    their own scores of it (blind scoring).
    """

    __tablename__ = "roleplay_submissions"

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    trainer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    """When the sheet was first submitted: from then on the trainer sees every score."""
    revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    """When the trainer last changed the sheet after that (None: never revised)."""


# ------------------------------------------------------------------ the people
# Who uses the kit and in which roles. A learner's id is their rep id.

ROLES = ("learner", "trainer", "manager", "admin")
"""The roles a person can have; a manager's and a learner's role name a team."""


class PersonRow(Base):
    """A person who uses the kit (a rep, a trainer, a manager, an admin)."""

    __tablename__ = "people"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PersonRoleRow(Base):
    """One role of one person; ``team_id`` is the team a learner is in or a manager manages."""

    __tablename__ = "person_roles"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    source: Mapped[str] = mapped_column(String(16), default="admin")
    """Where the role came from: ``reps`` (the reps file), ``admin`` (a command), ``hub``."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_person_roles_team", "team_id", "role"),)


class PersonStateRow(Base):
    """One thing a person's pages remember (language, current module, a scenario draft)."""

    __tablename__ = "person_state"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DbLoginRow(Base):
    """The PostgreSQL login role a person connects as (row-level security keys on it)."""

    __tablename__ = "db_logins"

    login: Mapped[str] = mapped_column(String(63), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
