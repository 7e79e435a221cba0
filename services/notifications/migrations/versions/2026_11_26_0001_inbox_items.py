"""Messaging tables and the per-user inbox.

Revision ID: 20261126_0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision = "20261126_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table(
        "inbox_items",
        sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("link", sa.Text, nullable=False, server_default=""),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("event_id", "user_id", name="uq_inbox_items_event_user"),
    )
    op.create_index("ix_inbox_items_user_newest", "inbox_items",
                    ["user_id", sa.text("created_at DESC"), sa.text("id DESC")])


def downgrade() -> None:
    op.drop_table("inbox_items")
    drop_messaging_tables(op)
