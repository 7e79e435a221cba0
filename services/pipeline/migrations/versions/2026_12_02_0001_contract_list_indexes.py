"""Index-backed contract lists for reps, managers and finance (and the merge of the
parallel branches, so the schema has one head again).

A non-director's contract list is an OR of "in my scope", "in the current approval round
with me" and (finance) "submitted". PostgreSQL uses no index for such an OR under
ORDER BY created_at DESC LIMIT n: at 10k contracts every page read every approval step
(48k rows, ~5 ms) and it grew with the table. `contract_queries.page` now reads each part
on its own index, already in page order, at most one page each:

- contracts (owner_id | region_id | status, created_at, id): a rep's own, a region's
  contracts, and a status tab (pending ones are a few percent: without it each part of
  "审批中" walked all of its contracts to fill a page).
- approval_steps.contract_created_at: the contract's created_at copied onto its steps
  (it never changes; filled here for existing rows), so a person's steps can be read in
  their contracts' order: (approver_id | delegated_from | escalate_to_id,
  contract_created_at, contract_id), and `approval_steps_approver` widened to
  (approver_id, status, contract_created_at, contract_id) for the to-do list.

Revision ID: 20261202_contract_lists
Revises: 20261129_pipe_field, 20261129_pipe_quotes, 20261201_read_indexes
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_contract_lists"
down_revision = ("20261129_pipe_field", "20261129_pipe_quotes", "20261201_read_indexes")
branch_labels = None
depends_on = None

CONTRACT_KEYS = {"owner": "owner_id", "region": "region_id", "status": "status"}
WHO = ("approver_id", "delegated_from", "escalate_to_id")


def upgrade() -> None:
    for name, column in CONTRACT_KEYS.items():
        op.create_index(f"contracts_{name}", "contracts", [column, "created_at", "id"])
    op.add_column("approval_steps",
                  sa.Column("contract_created_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE approval_steps s SET contract_created_at = c.created_at "
               "FROM contracts c WHERE c.id = s.contract_id")
    op.alter_column("approval_steps", "contract_created_at", nullable=False)
    op.drop_index("approval_steps_approver", "approval_steps")
    op.create_index("approval_steps_approver", "approval_steps",
                    ["approver_id", "status", "contract_created_at", "contract_id"])
    for who in WHO:
        op.create_index(f"approval_steps_by_{who}", "approval_steps",
                        [who, "contract_created_at", "contract_id"])


def downgrade() -> None:
    for who in WHO:
        op.drop_index(f"approval_steps_by_{who}", "approval_steps")
    op.drop_index("approval_steps_approver", "approval_steps")
    op.create_index("approval_steps_approver", "approval_steps", ["approver_id", "status"])
    op.drop_column("approval_steps", "contract_created_at")
    for name in CONTRACT_KEYS:
        op.drop_index(f"contracts_{name}", "contracts")
