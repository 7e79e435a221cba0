"""Every arm of the read scope indexed together with the creation time, so a KPI report
(`GET /api/v1/analytics/workorders`, now always over a bounded window of creation times)
reads only that window's orders.

With single-column indexes, an engineer's report read every order of their department
ever made (the `department_id` arm of the BitmapOr) and dropped the ones outside the window
afterwards: 4.4k of 4.4k heap rows read for 2.1k kept at two years of 25k orders, and
growing with every year. A btree on (arm, created_at) answers the same equality lookups
as the single-column one it replaces (lists, exports) and also bounds the scan to the
window, so the count of indexes, and the cost of writing an order, stays the same.

The director's report needs no new index: `work_orders_page` (created_at, id) is the
window's range.

Revision ID: 20261202_window_indexes
Revises: 20261201_read_indexes
Create Date: 2026-12-02
"""

from alembic import op

revision = "20261202_window_indexes"
down_revision = "20261201_read_indexes"
branch_labels = None
depends_on = None

ARMS = ("department_id", "requester_id", "assignee_id", "supervisor_id",
        "requester_manager_id", "region_id")


def _name(column: str) -> str:
    return f"work_orders_{column.removesuffix('_id')}"


def upgrade() -> None:
    for column in ARMS:
        op.drop_index(_name(column), "work_orders")
        op.create_index(_name(column), "work_orders", [column, "created_at"])


def downgrade() -> None:
    for column in ARMS:
        op.drop_index(_name(column), "work_orders")
        op.create_index(_name(column), "work_orders", [column])
