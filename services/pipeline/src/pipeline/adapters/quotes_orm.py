"""Tables of products, discount limits and quotes (issue 4, pipe-quotes). They share
`orm.metadata`, which imports this module, so migrations and the drift test see them."""

from __future__ import annotations

from servicekit.columns import text_column
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from pipeline.adapters.orm import metadata


def _at(name: str, *, required: bool = False) -> Column:  # type: ignore[type-arg]
    if required:
        return Column(name, DateTime(timezone=True), nullable=False, server_default=func.now())
    return Column(name, DateTime(timezone=True))


products = Table(
    "products", metadata,
    Column("code", Text, primary_key=True),
    Column("kind", Text, nullable=False),            # domain.catalogue.KINDS
    Column("name", Text, nullable=False),
    Column("list_price_fen", BigInteger, nullable=False),
    Column("unit", Text, nullable=False, server_default=text("'台'")),
    Column("fits", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    text_column("updated_by"),
    _at("created_at", required=True),
    _at("updated_at", required=True),
)

discount_limits = Table(
    "discount_limits", metadata,
    Column("role", Text, primary_key=True),
    Column("max_bp", Integer, nullable=False),        # basis points of the subtotal
    text_column("updated_by"),
    _at("updated_at", required=True),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Uuid, primary_key=True),
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", Text, nullable=False),            # domain.quotes.STATES
    Column("approval", Text, nullable=False),         # none / pending / approved / rejected
    text_column("approval_role"),
    Column("subtotal_fen", BigInteger, nullable=False),
    Column("discount_bp", Integer, nullable=False),
    Column("discount_fen", BigInteger, nullable=False),
    Column("total_fen", BigInteger, nullable=False),
    text_column("note"),
    Column("created_by", Text, nullable=False),
    _at("created_at", required=True),
    Column("idempotency_key", Text),                  # NULL: no key; unique per author
    Column("request_hash", Text),                     # what the key came with
    text_column("decided_by"), _at("decided_at"), text_column("decision_comment"),
    text_column("issued_by"), _at("issued_at"),
    text_column("accepted_by"), _at("accepted_at"),
    UniqueConstraint("opportunity_id", "version", name="quotes_version"),
    UniqueConstraint("created_by", "idempotency_key", name="quotes_idempotency"),
    Index("quotes_page", "created_at", "id"),
    Index("quotes_state", "state"),
)

quote_lines = Table(
    "quote_lines", metadata,
    Column("quote_id", Uuid, ForeignKey("quotes.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("product_code", Text, nullable=False),
    Column("product_name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    text_column("unit"),
    Column("quantity", Integer, nullable=False),
    Column("unit_price_fen", BigInteger, nullable=False),
    Column("line_total_fen", BigInteger, nullable=False),
    Index("quote_lines_product", "product_code"),
)

# A waiting discount's clock, as contract steps have approval_deadlines: level 1 reminds
# whoever it asked, level 2 tells the directors too (service_layer/discount_clock.py).
discount_deadlines = Table(
    "discount_deadlines", metadata,
    Column("id", Uuid, primary_key=True),
    Column("quote_id", Uuid, ForeignKey("quotes.id"), nullable=False),
    Column("level", Integer, nullable=False),        # 1 reminder, 2 escalation
    Column("due_at", DateTime(timezone=True), nullable=False),
    _at("fired_at"),
    Index("discount_deadlines_due", "due_at", postgresql_where=text("fired_at IS NULL")),
    Index("discount_deadlines_quote", "quote_id"),
)
