"""Learner attempts and spaced-repetition review cards.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from helpers.store.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("learner_id", sa.String(64), nullable=False),
        sa.Column("module", sa.String(64), nullable=False),
        sa.Column("exercise_id", sa.String(160), nullable=False),
        sa.Column("content_version", sa.String(32), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("max_score", sa.Float(), nullable=False),
        sa.Column("feedback", sa.JSON(), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_attempts_learner_module", "attempts", ["learner_id", "module"])
    op.create_index("ix_attempts_exercise", "attempts", ["exercise_id"])
    op.create_table(
        "review_cards",
        sa.Column("learner_id", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.String(160), primary_key=True),
        sa.Column("module", sa.String(64), nullable=False),
        sa.Column("card", sa.JSON(), nullable=False),
        sa.Column("due", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_review_cards_due", "review_cards", ["learner_id", "due"])


def downgrade() -> None:
    op.drop_table("review_cards")
    op.drop_table("attempts")
