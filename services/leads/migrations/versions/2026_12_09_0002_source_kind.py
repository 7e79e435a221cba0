"""The kind of source a lead arrived from (web_form, trade_show, ads, other), as the
gateway's intake-source directory had it at arrival: what its score's source factor
rates, so a show an admin created under a new name scores as a trade show. Empty: read
from the source's name (leads from before, manual entry, imports).

A constant default: PostgreSQL adds the column without rewriting the table.

Revision ID: 20261209_source_kind
Revises: 20261209_province_source
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = "20261209_source_kind"
down_revision = "20261209_province_source"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("leads", sa.Column("source_kind", sa.Text(), nullable=False,
                                     server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("leads", "source_kind")
