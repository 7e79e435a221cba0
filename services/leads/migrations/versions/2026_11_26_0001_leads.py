"""Messaging tables, leads and the per-region assignment cursor.

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


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table(
        "leads",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text),
        *(_text(name) for name in
          ("name", "company", "phone", "email", "province", "industry", "message")),
        sa.Column("status", sa.Text, nullable=False, server_default=sa.text("'new'")),
        *(_text(name) for name in ("region_id", "owner_id", "owner_username")),
        sa.Column("assigned_at", sa.DateTime(timezone=True)),
        _text("assignment_reason"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("source", "idempotency_key", name="leads_source_idempotency_key"),
    )
    op.create_index("leads_owner", "leads", ["owner_id", "created_at"])
    op.create_index("leads_region", "leads", ["region_id", "created_at"])
    op.create_index("leads_phone", "leads", ["phone"], postgresql_where=sa.text("phone <> ''"))
    op.create_index("leads_email", "leads", ["email"], postgresql_where=sa.text("email <> ''"))
    op.create_table(
        "assignment_cursors",
        sa.Column("region_id", sa.Text, primary_key=True),
        sa.Column("last_user_id", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("assignment_cursors")
    op.drop_table("leads")
    drop_messaging_tables(op)
