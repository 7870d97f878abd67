"""Reps and accounts keep the previous value of every column a re-import changed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("column_name", sa.String(64), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("import_id", sa.Integer, nullable=True),
    )
    op.create_index("ix_record_history_record", "record_history", ["kind", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_record_history_record", table_name="record_history")
    op.drop_table("record_history")
