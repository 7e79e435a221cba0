"""Where a lead's province came from: "given" (the customer or the person entering it),
"mobile" (the mobile number's registration province, 手机归属地) or "company" (a province
name at the start of the company name); empty for a lead without a province.

A constant default: PostgreSQL adds the column without rewriting the table. Rows from
before were never inferred, so a stored province with an empty source reads as "given"
(domain/model.py `Lead.province_origin`) instead of an UPDATE of every lead here.

Revision ID: 20261209_province_source
Revises: 20261208_touch_filled
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "20261209_province_source"
down_revision = "20261208_touch_filled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("leads", sa.Column("province_source", sa.Text(), nullable=False,
                                     server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("leads", "province_source")
