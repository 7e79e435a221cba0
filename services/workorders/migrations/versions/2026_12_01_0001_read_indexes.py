"""Indexes the work-order reads that scanned whole tables at a year's volume (24k orders,
230k clock rows):

- every list, export and `GET /api/v1/analytics/workorders` of anyone but a director
  filters on "requester, assignee, supervisor or requester's manager is me (or the order
  is in my department or region)": with only `department_id` indexed, one unindexed arm
  made PostgreSQL read every order (a rep's `state=open` page: 15-20 ms, growing with the
  table). With every arm indexed the OR is a BitmapOr over this person's orders.
- the progress clock asks whether a newer check of the same order exists
  (`deadlines_repo.superseded`) each time one fires: a sequential scan of all clock rows.

Work orders are written a few times each over days, so five small btrees cost little.

Revision ID: 20261201_read_indexes
Revises: 20261127_workorders
Create Date: 2026-12-01
"""

from alembic import op

revision = "20261201_read_indexes"
down_revision = "20261127_workorders"
branch_labels = None
depends_on = None

PEOPLE = ("requester_id", "assignee_id", "supervisor_id", "requester_manager_id", "region_id")


def upgrade() -> None:
    for column in PEOPLE:
        op.create_index(f"work_orders_{column.removesuffix('_id')}", "work_orders", [column])
    op.create_index("deadlines_order", "deadlines", ["work_order_id"])


def downgrade() -> None:
    op.drop_index("deadlines_order", "deadlines")
    for column in PEOPLE:
        op.drop_index(f"work_orders_{column.removesuffix('_id')}", "work_orders")
