"""Role-play sessions and trainers' submissions (for blind scoring).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from helpers.store.tables import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roleplay_sessions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("rubric_id", sa.String(64), nullable=False),
        sa.Column("rubric_version", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_roleplay_sessions_rep_id", "roleplay_sessions", ["rep_id"])
    op.create_table(
        "roleplay_submissions",
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("trainer_id", sa.String(64), primary_key=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("roleplay_submissions")
    op.drop_table("roleplay_sessions")
