"""A fingerprint of what a keyed request asked for, beside its Idempotency-Key.

The same key sent again with other content (another need, another progress text, the same
key on another order) was answered with the first request's order and the new content was
lost without a word. Kept: `work_orders.request_hash` (the creation) and
`requests.request_hash` (each step); rows from before keep NULL and answer unchecked.

Revision ID: 20261203_request_hash
Revises: 20261202_window_indexes
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_request_hash"
down_revision = "20261202_window_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("work_orders", "requests"):
        op.add_column(table, sa.Column("request_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("work_orders", "requests"):
        op.drop_column(table, "request_hash")
