"""The messaging tables every service schema has: outbox (events to publish) and inbox
(events already handled, per consumer)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)

messaging_metadata = MetaData()

outbox = Table(
    "outbox",
    messaging_metadata,
    Column("id", Uuid, primary_key=True),
    Column("type", Text, nullable=False),
    Column("aggregate_id", Text, nullable=False),
    Column("payload", LargeBinary, nullable=False),  # serialized Envelope
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Index("outbox_pending", "created_at", postgresql_where=text("published_at IS NULL")),
)

inbox = Table(
    "inbox",
    messaging_metadata,
    Column("event_id", Uuid, nullable=False),
    Column("consumer", Text, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("event_id", "consumer"),
)
