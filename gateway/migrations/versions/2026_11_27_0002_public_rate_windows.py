"""public-rate-windows: per-address rate windows of the public token pages (signing
links, surveys).

Revision ID: 20261127_0002_public_rate
Revises: 20261127_0001_intake_dedupe
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0002_public_rate"
down_revision = "20261127_0001_intake_dedupe"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_rate_windows",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.PrimaryKeyConstraint("key", "window_start", name="pk_public_rate_windows"),
    )
    op.create_index("ix_public_rate_windows_window_start", "public_rate_windows",
                    ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_public_rate_windows_window_start", table_name="public_rate_windows")
    op.drop_table("public_rate_windows")
