"""Keeps a daily log's Idempotency-Key: the gateway sent it, the service dropped it, so a
key used again for another text was answered with the first log as if it were the same
request. With the key stored, the key again answers its own log, and another text under
it is refused (servicekit.idempotency). Logs from before have no key.

Revision ID: 20261202_daily_log_keys
Revises: 20261201_facts_by_kind
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_daily_log_keys"
down_revision = "20261201_facts_by_kind"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("daily_logs", sa.Column("idempotency_key", sa.Text, nullable=True))
    op.create_index("ux_daily_logs_key", "daily_logs", ["user_id", "idempotency_key"],
                    unique=True, postgresql_where=sa.text("idempotency_key IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ux_daily_logs_key", "daily_logs")
    op.drop_column("daily_logs", "idempotency_key")
