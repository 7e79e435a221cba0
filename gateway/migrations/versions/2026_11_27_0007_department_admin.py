"""department-admin: admins create departments and name their supervisor.

Revision ID: 20261127_0007_department_admin
Revises: 20261127_0006_temp_password
Create Date: 2026-11-27

`departments.supervisor_id`: who assigns the department's work orders when an admin named
one (NULL: the member the others report to, as before). `updated_at`: set by an admin's
change, so the seed keeps the name they gave. `created_by` / `idempotency_key` /
`request_hash`: the create's Idempotency-Key (unique per admin) and what it asked.
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0007_department_admin"
down_revision = "20261127_0006_temp_password"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("departments", sa.Column("supervisor_id", sa.Uuid()))
    op.create_foreign_key("fk_departments_supervisor_id", "departments", "users",
                          ["supervisor_id"], ["id"])
    op.add_column("departments", sa.Column("updated_at", sa.DateTime(timezone=True)))
    for column in ("created_by", "idempotency_key", "request_hash"):
        op.add_column("departments", sa.Column(column, sa.Text()))
    op.create_unique_constraint("uq_departments_created_by", "departments",
                                ["created_by", "idempotency_key"])


def downgrade() -> None:
    op.drop_constraint("uq_departments_created_by", "departments", type_="unique")
    for column in ("request_hash", "idempotency_key", "created_by", "updated_at"):
        op.drop_column("departments", column)
    op.drop_constraint("fk_departments_supervisor_id", "departments", type_="foreignkey")
    op.drop_column("departments", "supervisor_id")
