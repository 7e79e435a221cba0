"""pipe-calendar: the working calendar contract approval waits are counted on.

Revision ID: 20261130_pipe_calendar
Revises: 20261128_pipe_contracts
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "20261130_pipe_calendar"
down_revision = "20261128_pipe_contracts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_days", sa.Column("day", sa.Date, primary_key=True),
        sa.Column("is_workday", sa.Boolean, nullable=False),
        sa.Column("name", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()))


def downgrade() -> None:
    op.drop_table("calendar_days")
