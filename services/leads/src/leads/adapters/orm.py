"""The leads schema. Tables carry no schema name: the engine's search_path is `leads`."""

from __future__ import annotations

from typing import Any

from servicekit.columns import text_column
from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    collate,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = MetaData()


leads = Table(
    "leads",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("source", Text, nullable=False),
    # NULL when the caller sent no key; NULLs never collide in the unique constraint.
    Column("idempotency_key", Text),
    text_column("name"),
    text_column("company"),
    text_column("phone"),
    text_column("email"),
    text_column("province"),
    text_column("industry"),
    text_column("message"),
    # Plain text rather than an enum type: later statuses (contacted, qualified...) are
    # added without a migration of the type.
    Column("status", Text, nullable=False, server_default=text("'new'")),
    text_column("region_id"),
    text_column("owner_id"),
    text_column("owner_username"),
    Column("assigned_at", DateTime(timezone=True)),
    text_column("assignment_reason"),
    # First-contact clock and lifecycle (contact-clock): when the running clock runs out,
    # when the owner first made contact, and why a lead was disqualified.
    Column("first_contact_due_at", DateTime(timezone=True)),
    Column("first_contacted_at", DateTime(timezone=True)),
    text_column("disqualified_reason"),
    # Intake/dedupe: QR and ad fields, and the keys duplicates are matched on.
    text_column("wechat_id"),
    text_column("title"),
    text_column("event"),
    text_column("booth"),
    text_column("company_key"),
    text_column("contact_key"),
    text_column("merged_into"),
    text_column("assignment_rule_id"),
    # Qualified fields and score (branch quality-lists).
    text_column("company_scale"),
    text_column("pain_point"),
    Column("budget_fen", BigInteger),  # NULL = unknown; CNY fen
    Column("decision_chain", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    text_column("urgency"),
    Column("tags", ARRAY(Text), nullable=False, server_default=text("'{}'::text[]")),
    Column("score", Integer, nullable=False, server_default=text("0")),
    Column("score_factors", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # given / mobile / company (domain/province_guess.py); empty: no province or before it.
    text_column("province_source"),
    # The directory's kind of the source at arrival (domain/scoring.py); "": by its name.
    text_column("source_kind"),
    # What the search box finds a lead by (leads.domain.search): no default, so that an
    # insert leaving it out gets it from the trigger (migration 20261204_search_grams).
    Column("search_grams", ARRAY(Text), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source", "idempotency_key", name="leads_source_idempotency_key"),
    # A rep's (manager's) list, in page order: an import shares one created_at per batch.
    Index("leads_owner", "owner_id", "created_at", "id"),
    Index("leads_region", "region_id", "created_at", "id"),
    # Duplicate detection looks leads up by contact.
    Index("leads_phone", "phone", postgresql_where=text("phone <> ''")),
    Index("leads_email", "email", postgresql_where=text("email <> ''")),
    Index("leads_wechat_id", "wechat_id", postgresql_where=text("wechat_id <> ''")),
    # By contact name: the blocking indexes on (contact_key, ...) in imports_orm.py; every
    # such lookup also asks for a company key (migration 20261129_drop_contact_key_index).
    # Lists page newest first on (created_at, id); text search is a case-folded '%q%' on
    # name, company and phone: phone through pg_trgm, name and company through their
    # bigrams in search_grams (pg_trgm sees no Chinese in a C ctype, nor any trigram in a
    # 2-character name).
    Index("leads_created_id", "created_at", "id"),
    # A lead's history lists the leads merged into it.
    Index("leads_merged_into", "merged_into", postgresql_where=text("merged_into IS NOT NULL")),
    Index("leads_phone_trgm", "phone", postgresql_using="gin",
          postgresql_ops={"phone": "public.gin_trgm_ops"}),
    Index("leads_search_grams", "search_grams", postgresql_using="gin"),
)


def bigrams(value: Any) -> ColumnElement[list[str]]:
    """Every two-character substring of the case-folded text: the SQL function migration
    20261201_bigram_search creates in the schema (folding since 20261205_search_casefold);
    `search_grams` holds those of the name and the company."""
    return func.bigrams(value, type_=ARRAY(Text))


def folded(value: Any) -> ColumnElement[str]:
    """The text case-folded as leads.domain.search.fold does it: Unicode full case folding
    from PostgreSQL's own tables, whatever the cluster's ctype."""
    return func.casefold(collate(value, "pg_unicode_fast"), type_=Text)

# The other table modules register on `metadata` too; importing them here means anyone
# reading `metadata` (migrations, the drift test) sees every table.

from leads.adapters import assignment_orm, clock_orm, dedupe_orm, imports_orm  # noqa: E402, F401
