"""A rep's and a manager's lead lists read in index order: `leads_owner` and `leads_region`
end in `created_at` while pages are ordered and cut on (created_at, id). An import stores
each batch (~5,000 leads) with one created_at, so a page inside an import read the whole
tie group and sorted it (a manager's first page: 1,379 rows read for 51), and every next
page of that group read it again. With `id` appended the index order is the page order.
Two indexes are widened, none added.

Revision ID: 20261201_lists_in_index_order
Revises: 20261201_merges_by_merged
Create Date: 2026-12-01
"""

from alembic import op

revision = "20261201_lists_in_index_order"
down_revision = "20261201_merges_by_merged"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("owner", "region"):
        op.drop_index(f"leads_{name}", "leads")
        op.create_index(f"leads_{name}", "leads", [f"{name}_id", "created_at", "id"])


def downgrade() -> None:
    for name in ("owner", "region"):
        op.drop_index(f"leads_{name}", "leads")
        op.create_index(f"leads_{name}", "leads", [f"{name}_id", "created_at"])
