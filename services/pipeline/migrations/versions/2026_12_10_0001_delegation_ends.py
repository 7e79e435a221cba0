"""A delegation's end is a deadline: when `until` passes, the approval steps the delegate
still holds for the approver go back to them (before, an expired delegation left them
with the delegate, who kept being reminded). Every delegation already set gets its row;
those already over fire at once and hand their held steps back.

Revision ID: 20261210_delegation_ends
Revises: 20261209_delegation_names
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "20261210_delegation_ends"
down_revision = "20261209_delegation_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delegation_ends",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True)),
    )
    op.create_index("delegation_ends_due", "delegation_ends", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    op.execute("INSERT INTO delegation_ends (id, user_id, due_at) "
               "SELECT gen_random_uuid(), user_id, until FROM delegations")


def downgrade() -> None:
    op.drop_index("delegation_ends_due", table_name="delegation_ends")
    op.drop_table("delegation_ends")
