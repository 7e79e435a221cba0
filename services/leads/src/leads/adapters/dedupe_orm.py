"""Touches (every arrival of a customer) and manual merges, on the leads MetaData."""

from __future__ import annotations

from servicekit.columns import text_column
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from leads.adapters.orm import metadata

lead_touches = Table(
    "lead_touches",
    metadata,
    Column("id", Uuid, primary_key=True),
    # The lead the arrival was recorded on; a later manual merge never moves it, so an
    # undo is exact and both histories stay visible.
    Column("lead_id", Uuid, ForeignKey("leads.id"), nullable=False),
    Column("source", Text, nullable=False),
    text_column("channel"),
    text_column("summary"),
    text_column("match_reason"),
    Column("idempotency_key", Text),
    Column("touched_at", DateTime(timezone=True), nullable=False),
    # What was sent with the key (domain/history.fingerprint): the key reused for a
    # different arrival is refused. NULL for keyless arrivals and rows from before.
    Column("request_hash", Text),
    # The lead's empty fields this arrival filled (domain/gap_fill.py), by field name.
    Column("filled", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    # A retried duplicate arrival is recorded once, like a retried new lead.
    UniqueConstraint("source", "idempotency_key", name="lead_touches_source_idempotency_key"),
    Index("lead_touches_lead", "lead_id", "touched_at"),
)

lead_merges = Table(
    "lead_merges",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("survivor_id", Uuid, ForeignKey("leads.id"), nullable=False),
    Column("merged_id", Uuid, ForeignKey("leads.id"), nullable=False),
    Column("merged_by", Text, nullable=False),
    Column("merged_at", DateTime(timezone=True), nullable=False),
    text_column("undone_by"),
    Column("undone_at", DateTime(timezone=True)),
    # A lead is merged into at most one other lead at a time.
    Index("lead_merges_one_active", "merged_id", unique=True,
          postgresql_where=text("undone_at IS NULL")),
    Index("lead_merges_survivor", "survivor_id"),
    # A lead's history reads the merges it took part in on either side, undone ones too.
    Index("lead_merges_merged", "merged_id"),
)
