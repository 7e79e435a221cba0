"""intake_sources.category: what kind of source it is (web_form, trade_show, ads, other),
which the leads score rates its leads' source by. "" (every source from before): not
chosen, read from the name as before, so nothing needs backfilling.

Revision ID: 20261128_0002_source_category
Revises: 20261128_0001_org_admin
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "20261128_0002_source_category"
down_revision = "20261128_0001_org_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("intake_sources", sa.Column("category", sa.Text(), nullable=False,
                                              server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("intake_sources", "category")
