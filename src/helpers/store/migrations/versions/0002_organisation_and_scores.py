"""The organisation (reps, accounts, contacts, deals), role-play scores and import log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from helpers.store.tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reps",
        sa.Column("rep_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("hire_date", sa.Date(), nullable=False),
    )
    op.create_index("ix_reps_team_id", "reps", ["team_id"])
    op.create_table(
        "accounts",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("owner_rep_id", sa.String(64), nullable=False),
        sa.Column("grade", sa.String(1), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("profile_fields", sa.Text(), nullable=False),
        sa.Column("parked", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_accounts_owner_rep_id", "accounts", ["owner_rep_id"])
    op.create_table(
        "contacts",
        sa.Column("contact_id", sa.String(64), primary_key=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
    )
    op.create_index("ix_contacts_rep_date", "contacts", ["rep_id", "date"])
    op.create_index("ix_contacts_account", "contacts", ["account_id"])
    op.create_table(
        "deals",
        sa.Column("deal_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
    )
    op.create_index("ix_deals_account_id", "deals", ["account_id"])
    op.create_index("ix_deals_rep_date", "deals", ["rep_id", "date"])
    op.create_table(
        "roleplay_scores",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("trainer_id", sa.String(64), primary_key=True),
        sa.Column("criterion_id", sa.String(64), primary_key=True),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("rubric_version", sa.String(32), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_roleplay_scores_rep_id", "roleplay_scores", ["rep_id"])
    op.create_table(
        "roleplay_score_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("trainer_id", sa.String(64), nullable=False),
        sa.Column("criterion_id", sa.String(64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("rubric_version", sa.String(32), nullable=False),
        sa.Column("replaced_at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "ix_score_history_key",
        "roleplay_score_history",
        ["session_id", "trainer_id", "criterion_id"],
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "imports",
        "roleplay_score_history",
        "roleplay_scores",
        "deals",
        "contacts",
        "accounts",
        "reps",
    ):
        op.drop_table(table)
