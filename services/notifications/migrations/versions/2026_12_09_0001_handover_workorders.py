"""notify: a leaver's work orders join the handover's one item per person.

`handover_notices.workorders` counts the orders each summary row took (a
`workorders.handed_over` adds one per order and part), beside its leads and deals; rows
from before took none.

Revision ID: 20261209_handover_workorders
Revises: 20261208_inbox_version_times
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "20261209_handover_workorders"
down_revision = "20261208_inbox_version_times"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("handover_notices", sa.Column("workorders", sa.Integer, nullable=False,
                                                server_default="0"))


def downgrade() -> None:
    op.drop_column("handover_notices", "workorders")
