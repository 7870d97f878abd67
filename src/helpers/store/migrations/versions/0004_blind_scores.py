"""Blind scoring: each score keeps the value first given, and a sheet when it was revised.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

from helpers.store.tables import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roleplay_scores") as batch:
        batch.add_column(sa.Column("first_score", sa.Integer(), nullable=True))
    # the first value of a score changed since: its oldest history row; otherwise its value now
    op.execute(
        """
        UPDATE roleplay_scores SET first_score = COALESCE(
            (SELECT h.score FROM roleplay_score_history h
             WHERE h.session_id = roleplay_scores.session_id
               AND h.trainer_id = roleplay_scores.trainer_id
               AND h.criterion_id = roleplay_scores.criterion_id
             ORDER BY h.id LIMIT 1),
            score)
        """
    )
    with op.batch_alter_table("roleplay_scores") as batch:
        batch.alter_column("first_score", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("roleplay_submissions") as batch:
        batch.add_column(sa.Column("revised_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roleplay_submissions") as batch:
        batch.drop_column("revised_at")
    with op.batch_alter_table("roleplay_scores") as batch:
        batch.drop_column("first_score")
