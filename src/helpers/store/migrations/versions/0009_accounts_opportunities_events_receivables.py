"""Opportunity assessments, customer events and receivables, with the indexes a team's report
reads them through (by rep and date; events by account).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FACTORS = (
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


def upgrade() -> None:
    op.create_table(
        "opportunities",
        sa.Column("opportunity_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("assessed_on", sa.Date, nullable=False),
        *(sa.Column(f, sa.Integer, nullable=False) for f in FACTORS),
        sa.Column("pursued", sa.Boolean, nullable=False),
    )
    op.create_index("ix_opportunities_rep_assessed", "opportunities", ["rep_id", "assessed_on"])
    op.create_index("ix_opportunities_account", "opportunities", ["account_id"])
    op.create_table(
        "customer_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
    )
    op.create_index("ix_customer_events_account_date", "customer_events", ["account_id", "date"])
    op.create_table(
        "receivables",
        sa.Column("receivable_id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(64), nullable=False),
        sa.Column("rep_id", sa.String(64), nullable=False),
        sa.Column("amount", sa.Float, nullable=False),
        sa.Column("invoice_date", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("completed_date", sa.Date, nullable=True),
        sa.Column("reminders", sa.Integer, nullable=False),
        sa.Column("paid_date", sa.Date, nullable=True),
    )
    op.create_index("ix_receivables_rep_invoice", "receivables", ["rep_id", "invoice_date"])
    op.create_index("ix_receivables_account", "receivables", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_receivables_account", table_name="receivables")
    op.drop_index("ix_receivables_rep_invoice", table_name="receivables")
    op.drop_table("receivables")
    op.drop_index("ix_customer_events_account_date", table_name="customer_events")
    op.drop_table("customer_events")
    op.drop_index("ix_opportunities_account", table_name="opportunities")
    op.drop_index("ix_opportunities_rep_assessed", table_name="opportunities")
    op.drop_table("opportunities")
