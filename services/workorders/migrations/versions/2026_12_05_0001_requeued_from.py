"""`work_orders.requeued_from`: the leaver whose handover put an order back in its
department's queue, so the supervisor's one handover item can link to exactly those
orders (`ListWorkOrders.requeued_from`). '' for every order before and for the others;
indexed only where set.

Revision ID: 20261205_requeued_from
Revises: 20261204_follow_ups
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "20261205_requeued_from"
down_revision = "20261204_follow_ups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_orders", sa.Column("requeued_from", sa.Text(), nullable=False,
                                           server_default=sa.text("''")))
    op.create_index("work_orders_requeued_from", "work_orders", ["requeued_from"],
                    postgresql_where=sa.text("requeued_from <> ''"))


def downgrade() -> None:
    op.drop_index("work_orders_requeued_from", table_name="work_orders")
    op.drop_column("work_orders", "requeued_from")
