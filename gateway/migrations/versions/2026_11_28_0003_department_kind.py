"""departments.kind: sales (销售部门, which takes no work orders) or functional (职能部门,
a work-order queue), chosen by the admin who creates it. Until now only the code `sales`
was recognised; that row becomes the one sales department, every other is functional.

Revision ID: 20261128_0003_department_kind
Revises: 20261128_0002_source_category
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "20261128_0003_department_kind"
down_revision = "20261128_0002_source_category"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("departments", sa.Column("kind", sa.Text(), nullable=False,
                                           server_default=sa.text("'functional'")))
    op.execute("UPDATE departments SET kind = 'sales' WHERE code = 'sales'")


def downgrade() -> None:
    op.drop_column("departments", "kind")
