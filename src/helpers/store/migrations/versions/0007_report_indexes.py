"""Indexes a team's report reads through: contacts of given reps up to a day answered from
the index alone, and the latest contact date without reading every contact.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the report reads date, rep, account and type of a team's contacts: all four in the
    # index, so neither back-end visits the table's rows (it replaces the (rep, date) index)
    op.create_index(
        "ix_contacts_rep_date_account_type", "contacts", ["rep_id", "date", "account_id", "type"]
    )
    op.drop_index("ix_contacts_rep_date", table_name="contacts")
    op.create_index("ix_contacts_date", "contacts", ["date"])


def downgrade() -> None:
    op.drop_index("ix_contacts_date", table_name="contacts")
    op.create_index("ix_contacts_rep_date", "contacts", ["rep_id", "date"])
    op.drop_index("ix_contacts_rep_date_account_type", table_name="contacts")
