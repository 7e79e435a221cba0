"""Tables of the notifications schema.

Table names carry no schema: the engine's search_path pins this service to its own
schema. `inbox` is servicekit's idempotency table, so the user-facing inbox is
`inbox_items`.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

inbox_items = sa.Table(
    "inbox_items",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("link", sa.Text, nullable=False, server_default=""),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("read_at", sa.DateTime(timezone=True)),
    # Second guard behind the consumer's inbox table: one item per event per recipient.
    sa.UniqueConstraint("event_id", "user_id", name="uq_inbox_items_event_user"),
    sa.Index("ix_inbox_items_user_newest", "user_id", sa.text("created_at DESC"),
             sa.text("id DESC")),
)
