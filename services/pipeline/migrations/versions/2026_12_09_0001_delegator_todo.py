"""An approver back early finds their delegated steps on their to-do list
(`awaiting_me`: steps they hold, and their own steps a delegate holds): the second part
reads the pending steps by `delegated_from` along its own index, as the first does by
`approver_id` (adapters/contract_queries).

Revision ID: 20261209_delegator_todo
Revises: 20261208_reopen_key
Create Date: 2026-12-09
"""

from alembic import op

revision = "20261209_delegator_todo"
down_revision = "20261208_reopen_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("approval_steps_delegator", "approval_steps",
                    ["delegated_from", "status", "contract_created_at", "contract_id"])


def downgrade() -> None:
    op.drop_index("approval_steps_delegator", "approval_steps")
