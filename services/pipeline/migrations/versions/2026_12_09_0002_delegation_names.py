"""A delegation row keeps, from the directory's answer when it is set, the delegate's
name and role and the away approver's role and managed regions: a pending quote's
`waiting_for` then names who holds it (「等待经理审批（由 李明 代理）」) without asking the
directory on a plain list read (domain/quote_delegates.standing_in). Rows from before
name nobody until the approver sets their delegation again.

Revision ID: 20261209_delegation_names
Revises: 20261209_delegator_todo
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "20261209_delegation_names"
down_revision = "20261209_delegator_todo"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("to_name", "to_role", "from_role"):
        op.add_column("delegations", sa.Column(column, sa.Text(), nullable=False,
                                               server_default=sa.text("''")))
    op.add_column("delegations", sa.Column("from_regions", postgresql.ARRAY(sa.Text()),
                                           nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    for column in ("from_regions", "from_role", "to_role", "to_name"):
        op.drop_column("delegations", column)
