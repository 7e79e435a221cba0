"""notify: delivery preferences, deliveries per (event, recipient, channel), due rows for
attempts and morning digests.

Revision ID: 20261127_notify
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "20261127_notify"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "preferences",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("language", sa.Text, nullable=False, server_default="zh-CN"),
        *(_text(name) for name in ("email", "phone", "wecom_webhook", "dingtalk_webhook",
                                   "dingtalk_secret", "feishu_webhook", "feishu_secret",
                                   "quiet_start", "quiet_end")),
        sa.Column("choices", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        _when("updated_at"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("recipient", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        _text("body"), _text("link"),
        sa.Column("target", JSONB, nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        _text("last_error"),
        sa.Column("digest_id", sa.Uuid(as_uuid=False)),
        _when("created_at"), _when("updated_at"), _when("sent_at", nullable=True),
        sa.UniqueConstraint("event_id", "recipient", "channel",
                            name="uq_deliveries_event_channel"),
    )
    op.create_index("ix_deliveries_failed", "deliveries",
                    ["state", sa.text("updated_at DESC"), sa.text("id DESC")])
    op.create_index("ix_deliveries_held", "deliveries", ["recipient", "channel", "state"])
    op.create_table(
        "delivery_jobs",
        sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
        sa.Column("delivery_id", sa.Uuid(as_uuid=False), nullable=False),
        _when("due_at"), _when("fired_at", nullable=True),
    )
    op.create_index("ix_delivery_jobs_due", "delivery_jobs", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    op.create_table(
        "digest_jobs",
        sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        _when("due_at"), _when("fired_at", nullable=True),
        sa.UniqueConstraint("user_id", "channel", "due_at", name="uq_digest_jobs_window"),
    )
    op.create_index("ix_digest_jobs_due", "digest_jobs", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    # The unread count reads only unread rows of one person.
    op.create_index("ix_inbox_items_unread", "inbox_items", ["user_id"],
                    postgresql_where=sa.text("read_at IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_inbox_items_unread", "inbox_items")
    for table in ("digest_jobs", "delivery_jobs", "deliveries", "preferences"):
        op.drop_table(table)
