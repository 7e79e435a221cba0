"""Approval steps say why they are asked: a contract priced below its accepted quote
names the quote, its total and the implied discount on the step that answers for it.
Existing steps get '' (no reason recorded then).

Revision ID: 20261206_step_reason
Revises: 20261205_contract_numbers
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "20261206_step_reason"
down_revision = "20261205_contract_numbers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("approval_steps", sa.Column("reason", sa.Text(), nullable=False,
                                              server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("approval_steps", "reason")
