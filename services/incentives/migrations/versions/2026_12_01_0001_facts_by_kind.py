"""Indexes facts by (kind, occurred_at): every score, breakdown and payout read looks back
past its period for a few kinds only (needs completed within a year, first visits within
30 days, reports filed since), and with only time indexes the year-long look-back read
every fact of that year; at ~500k facts a year that is a sequential scan of the table
(90 ms) on every `GET /api/v1/kpi/scores`, `/payouts` and breakdown, growing each year.
Facts are append-only, one insert per scored event; one more btree is cheap beside that.

Revision ID: 20261201_facts_by_kind
Revises: 20261127_0002_incentives
Create Date: 2026-12-01
"""

from alembic import op

revision = "20261201_facts_by_kind"
down_revision = "20261127_0002_incentives"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_facts_kind_time", "facts", ["kind", "occurred_at"])


def downgrade() -> None:
    op.drop_index("ix_facts_kind_time", "facts")
