"""org-admin: admins create, rename and redraw regions; departments can be retired.

Revision ID: 20261128_0001_org_admin
Revises: 20261127_0007_department_admin
Create Date: 2026-11-28

`regions.updated_at` / `province_regions.moved_at`: set by an admin's change, so a re-run
of the seed keeps the name and the map they made. `regions.created_by` /
`idempotency_key` / `request_hash`: a create's Idempotency-Key (unique per admin) and what
it asked. `departments.retired_at` / `retired_by`: a retired department stays (work orders
and people of the past name it) but takes no new members or orders.
"""

import sqlalchemy as sa
from alembic import op

revision = "20261128_0001_org_admin"
down_revision = "20261127_0007_department_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("regions", sa.Column("updated_at", sa.DateTime(timezone=True)))
    for column in ("created_by", "idempotency_key", "request_hash"):
        op.add_column("regions", sa.Column(column, sa.Text()))
    op.create_unique_constraint("uq_regions_created_by", "regions",
                                ["created_by", "idempotency_key"])
    op.add_column("province_regions", sa.Column("moved_at", sa.DateTime(timezone=True)))
    op.add_column("departments", sa.Column("retired_at", sa.DateTime(timezone=True)))
    op.add_column("departments", sa.Column("retired_by", sa.Text()))


def downgrade() -> None:
    op.drop_column("departments", "retired_by")
    op.drop_column("departments", "retired_at")
    op.drop_column("province_regions", "moved_at")
    op.drop_constraint("uq_regions_created_by", "regions", type_="unique")
    for column in ("request_hash", "idempotency_key", "created_by", "updated_at"):
        op.drop_column("regions", column)
