"""Follow-up orders: `work_orders.follow_up_of`, the closed or cancelled order a new one
carries on (a finished order is read-only and never reopened). NULL for every order
before and for any order opened on its own; indexed for the original's `follow_ups` and
the list filter.

Revision ID: 20261204_follow_ups
Revises: 20261203_request_hash
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "20261204_follow_ups"
down_revision = "20261203_request_hash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_orders", sa.Column(
        "follow_up_of", sa.Uuid(), sa.ForeignKey("work_orders.id"), nullable=True))
    op.create_index("work_orders_follow_up_of", "work_orders", ["follow_up_of"],
                    postgresql_where=sa.text("follow_up_of IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("work_orders_follow_up_of", table_name="work_orders")
    op.drop_column("work_orders", "follow_up_of")
