"""Tables of contracts, approval and signature (pipeline schema, same metadata as orm.py).

`signature_audit` is append-only: the migration installs a trigger that refuses UPDATE,
DELETE and TRUNCATE, so not even the service's own code can rewrite what was signed.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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
from sqlalchemy.dialects.postgresql import JSONB

from pipeline.adapters.orm import metadata


def _text(name: str) -> Column[str]:
    return Column(name, Text, nullable=False, server_default=text("''"))


def _at(name: str, nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _created() -> Column:  # type: ignore[type-arg]
    return Column("created_at", DateTime(timezone=True), nullable=False,
                  server_default=func.now())


contracts = Table(
    "contracts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), nullable=False),
    Column("quote_id", Uuid, nullable=False),
    Column("status", Text, nullable=False),
    Column("round", Integer, nullable=False, server_default=text("0")),
    Column("owner_id", Text, nullable=False),
    _text("region_id"),
    _text("account_name"),
    _text("title"),
    Column("product_codes", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),
    _at("signed_at"),
    _created(),
    UniqueConstraint("created_by", "idempotency_key", name="contracts_idempotency"),
    Index("contracts_by_deal", "opportunity_id", "created_at"),
)

contract_versions = Table(
    "contract_versions", metadata,
    Column("contract_id", Uuid, ForeignKey("contracts.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("terms", JSONB, nullable=False),   # domain.contract_terms.Terms.to_dict()
    Column("created_by", Text, nullable=False),
    _created(),
)

approval_steps = Table(
    "approval_steps", metadata,
    Column("id", Uuid, primary_key=True),
    Column("contract_id", Uuid, ForeignKey("contracts.id"), nullable=False),
    Column("round", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("level", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("approver_id", Text, nullable=False),
    _text("escalate_to_id"),
    _text("delegated_from"),
    Column("status", Text, nullable=False),
    _text("comment"),
    _text("decided_by"),
    _at("decided_at"),
    _at("activated_at"),
    _at("due_at"),
    UniqueConstraint("contract_id", "round", "position", name="approval_steps_order"),
    Index("approval_steps_approver", "approver_id", "status"),
)

approval_deadlines = Table(
    "approval_deadlines", metadata,
    Column("id", Uuid, primary_key=True),
    Column("step_id", Uuid, ForeignKey("approval_steps.id"), nullable=False),
    Column("level", Integer, nullable=False),        # 1 reminder, 2 escalation
    _at("due_at", nullable=False),
    _at("fired_at"),
    Index("approval_deadlines_due", "due_at", postgresql_where=text("fired_at IS NULL")),
)

approval_matrix_versions = Table(
    "approval_matrix_versions", metadata,
    Column("version", Integer, primary_key=True),
    Column("levels", JSONB, nullable=False),
    _text("created_by"),
    _created(),
)

delegations = Table(
    "delegations", metadata,
    Column("user_id", Text, primary_key=True),
    Column("to_user_id", Text, nullable=False),
    _at("until", nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

signature_requests = Table(
    "signature_requests", metadata,
    Column("id", Uuid, primary_key=True),
    Column("contract_id", Uuid, ForeignKey("contracts.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("token_sha256", Text, nullable=False, unique=True),
    Column("code_sha256", Text, nullable=False),
    _text("signer_name"),
    _text("signer_phone"),
    _at("expires_at", nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("status", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),
    _created(),
    UniqueConstraint("created_by", "idempotency_key", name="signature_requests_idempotency"),
)

signature_audit = Table(
    "signature_audit", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("contract_id", Uuid, ForeignKey("contracts.id"), nullable=False),
    Column("request_id", Uuid, ForeignKey("signature_requests.id"), nullable=False),
    Column("action", Text, nullable=False),          # requested | signed
    Column("version", Integer, nullable=False),
    _text("document"),                               # the exact text signed
    _text("document_sha256"),
    _text("signer_name"),
    _text("ip"),
    _text("user_agent"),
    _at("at", nullable=False),
    Index("signature_audit_by_contract", "contract_id", "id"),
)
