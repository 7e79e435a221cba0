"""The pipeline schema's outbox and inbox, so the domain can start publishing and consuming.

Revision ID: 20261126_0001
Revises:
Create Date: 2026-11-26
"""

from alembic import op
from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision = "20261126_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op)


def downgrade() -> None:
    drop_messaging_tables(op)
