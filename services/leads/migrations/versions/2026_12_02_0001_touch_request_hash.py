"""Each keyed arrival remembers a fingerprint of what was sent with its idempotency key,
so the key reused for a different customer is refused instead of answered with the first
customer's lead (the second customer was lost without a word).

Rows from before keep NULL: their keys answer as before, unchecked.

Revision ID: 20261202_touch_request_hash
Revises: 20261201_bigram_search
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_touch_request_hash"
down_revision = "20261201_bigram_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("lead_touches", sa.Column("request_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("lead_touches", "request_hash")
