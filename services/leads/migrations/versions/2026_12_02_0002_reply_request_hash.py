"""Idempotent replies (reassign, reject, rule create) remember a fingerprint of the
request their key came with, so the key reused for another request is refused instead
of answered with the first one's reply (a manager's key reused for another lead got the
first lead back, the second never reassigned).

Rows from before keep NULL: their keys answer as before, unchecked.

Revision ID: 20261202_reply_request_hash
Revises: 20261127_assignment_rules (which made the table, on a branch of its own)
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_reply_request_hash"
down_revision = "20261127_assignment_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("idempotent_replies", sa.Column("request_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("idempotent_replies", "request_hash")
