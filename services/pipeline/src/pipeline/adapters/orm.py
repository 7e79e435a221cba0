"""Tables of the pipeline schema (the engine's search_path is `pipeline`).

The outbox and inbox tables belong to servicekit and are created by the first migration.
"""

from __future__ import annotations

from servicekit.columns import created_column, text_column
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()


process_versions = Table(
    "process_versions", metadata,
    Column("version", Integer, primary_key=True),
    Column("stages", JSONB, nullable=False),   # domain.process.Process.to_dict()
    text_column("created_by"),
    created_column(),
)

accounts = Table(
    "accounts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, unique=True),  # domain.accounts.account_key
    text_column("industry"),
    text_column("province"),
    text_column("scale"),  # lt50 / 50_200 / 200_1000 / gt1000 (people), as the leads service
    created_column(),
)

contacts = Table(
    "contacts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("account_id", Uuid, ForeignKey("accounts.id"), nullable=False),
    text_column("name"),
    text_column("phone"),
    text_column("email"),
    Column("lead_id", Uuid),
    created_column(),
    UniqueConstraint("account_id", "name", "phone", name="contacts_account_person"),
)

opportunities = Table(
    "opportunities", metadata,
    Column("id", Uuid, primary_key=True),
    Column("account_id", Uuid, ForeignKey("accounts.id"), nullable=False),
    Column("title", Text, nullable=False),
    Column("amount_fen", BigInteger, nullable=False, server_default=text("0")),
    Column("stage", Text, nullable=False),
    Column("status", Text, nullable=False),
    text_column("lost_reason"),
    Column("owner_id", Text, nullable=False),
    text_column("owner_username"),
    text_column("region_id"),
    Column("lead_id", Uuid, unique=True),  # one deal per qualified lead
    Column("process_version", Integer, ForeignKey("process_versions.version"), nullable=False),
    Column("stage_entered_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),  # NULL: no key; unique per creator
    Column("request_hash", Text),  # what the key came with (servicekit.idempotency)
    created_column(),
    UniqueConstraint("created_by", "idempotency_key", name="opportunities_idempotency"),
    Index("opportunities_page", "created_at", "id"),
    # A rep's (manager's) list is their deals newest first: read in index order.
    Index("opportunities_owner", "owner_id", "created_at", "id"),
    Index("opportunities_region", "region_id", "created_at", "id"),
)

stage_changes = Table(
    "stage_changes", metadata,
    Column("id", Uuid, primary_key=True),
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), nullable=False),
    Column("from_stage", Text, nullable=False),
    Column("to_stage", Text, nullable=False),
    Column("by_user_id", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    text_column("reason"),
    Column("idempotency_key", Text),  # a reopening's key (deal_reopen); NULL otherwise
    Column("request_hash", Text),
    Index("stage_changes_by_deal", "opportunity_id", "at"),
    Index("stage_changes_idempotency", "by_user_id", "idempotency_key", unique=True,
          postgresql_where=text("idempotency_key IS NOT NULL")),
)

step_checks = Table(
    "step_checks", metadata,
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), primary_key=True),
    Column("step_id", Text, primary_key=True),
    Column("done_by", Text, nullable=False),
    Column("done_at", DateTime(timezone=True), nullable=False),
)

# Whom a leaver's deals went to (leaver_handover; the latest handover wins): a lost deal
# stays the leaver's, and reopening it defaults to this successor (domain/reopen_owner).
owner_successors = Table(
    "owner_successors", metadata,
    Column("from_user_id", Text, primary_key=True),
    Column("to_user_id", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Tables of later slices live in their own modules on this metadata (imported last: they
# import `metadata` from here).

from pipeline.adapters import contracts_orm, field_orm, quotes_orm  # noqa: E402,F401
