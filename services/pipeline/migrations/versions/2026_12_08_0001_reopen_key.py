"""A lost deal can be reopened (POST /opportunities/{id}/reopen): the reopening is a row
of the deal's stage history (lost → the stage it was lost from, with its reason), and an
Idempotency-Key sent with it is kept on that row, unique per person, as deals keep the
key that opened them.

Revision ID: 20261208_reopen_key
Revises: 20261207_step_discount_power
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "20261208_reopen_key"
down_revision = "20261207_step_discount_power"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stage_changes", sa.Column("idempotency_key", sa.Text()))
    op.add_column("stage_changes", sa.Column("request_hash", sa.Text()))
    op.create_index("stage_changes_idempotency", "stage_changes",
                    ["by_user_id", "idempotency_key"], unique=True,
                    postgresql_where=sa.text("idempotency_key IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("stage_changes_idempotency", "stage_changes")
    op.drop_column("stage_changes", "request_hash")
    op.drop_column("stage_changes", "idempotency_key")
