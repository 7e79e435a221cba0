"""intake-dedupe: ad sources' signing secret, per-source rate limit, replay memory and
rate windows.

Revision ID: 20261127_0001_intake_dedupe
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0001_intake_dedupe"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("intake_sources", sa.Column("signing_secret", sa.Text()))
    op.add_column("intake_sources", sa.Column("rate_limit_per_minute", sa.Integer()))
    op.create_table(
        "intake_signatures",
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("source_id", "signature", name="pk_intake_signatures"),
        sa.ForeignKeyConstraint(["source_id"], ["intake_sources.id"],
                                name="fk_intake_signatures_source_id"),
    )
    op.create_index("ix_intake_signatures_seen_at", "intake_signatures", ["seen_at"])
    op.create_table(
        "intake_rate_windows",
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.PrimaryKeyConstraint("source_id", "window_start", name="pk_intake_rate_windows"),
        sa.ForeignKeyConstraint(["source_id"], ["intake_sources.id"],
                                name="fk_intake_rate_windows_source_id"),
    )


def downgrade() -> None:
    op.drop_table("intake_rate_windows")
    op.drop_table("intake_signatures")
    op.drop_column("intake_sources", "rate_limit_per_minute")
    op.drop_column("intake_sources", "signing_secret")
