"""Each keyed write remembers a fingerprint of what its Idempotency-Key came with
(servicekit.idempotency), so the key reused for another request is refused instead of
answered with the first one's result: a second customer's deal, a changed quote, other
contract terms, another signer or another visit were lost without a word.

Tables: opportunities, quotes, contracts, signature_requests, visits. Rows from before
keep NULL: their keys answer as before, unchecked.

Revision ID: 20261204_request_hash
Revises: 20261203_closed_paperwork
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "20261204_request_hash"
down_revision = "20261203_closed_paperwork"
branch_labels = None
depends_on = None

TABLES = ("opportunities", "quotes", "contracts", "signature_requests", "visits")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("request_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "request_hash")
