"""Each touch remembers which of its lead's empty fields the arrival filled (a returning
customer enriches the lead, never overwrites it: domain/gap_fill.py), for the history
line 「补全：邮箱、公司规模」. Touches from before filled nothing: the default.

A constant default: PostgreSQL adds the column without rewriting the table.

Revision ID: 20261208_touch_filled
Revises: 20261207_import_uploader
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "20261208_touch_filled"
down_revision = "20261207_import_uploader"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("lead_touches", sa.Column("filled", ARRAY(sa.Text()), nullable=False,
                                            server_default=sa.text("'{}'::text[]")))


def downgrade() -> None:
    op.drop_column("lead_touches", "filled")
