"""People, their roles and teams, what each person's pages remember, and database logins.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("person_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "person_roles",
        sa.Column("person_id", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("team_id", sa.String(64), primary_key=True, server_default=""),
        sa.Column("source", sa.String(16), nullable=False, server_default="admin"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_person_roles_team", "person_roles", ["team_id", "role"])
    op.create_table(
        "person_state",
        sa.Column("person_id", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "db_logins",
        sa.Column("login", sa.String(63), primary_key=True),
        sa.Column("person_id", sa.String(64), nullable=False, unique=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("db_logins")
    op.drop_table("person_state")
    op.drop_index("ix_person_roles_team", table_name="person_roles")
    op.drop_table("person_roles")
    op.drop_table("people")
