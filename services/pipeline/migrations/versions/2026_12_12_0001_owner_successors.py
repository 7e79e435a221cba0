"""Whom a leaver's deals went to, so a lost deal of theirs reopened goes to the successor
rather than staying owned by a stopped account. Handovers before this have no row: their
reopenings default to the reopening manager (or name the owner).

Revision ID: 20261212_owner_successors
Revises: 20261211_visit_reported_by
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "20261212_owner_successors"
down_revision = "20261211_visit_reported_by"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "owner_successors",
        sa.Column("from_user_id", sa.Text(), primary_key=True),
        sa.Column("to_user_id", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("owner_successors")
