"""Tables of contracts, approval and signature (pipeline schema, same metadata as orm.py).

`signature_audit` is append-only: the migration installs a trigger that refuses UPDATE,
DELETE and TRUNCATE, so not even the service's own code can rewrite what was signed.
"""

from __future__ import annotations

from servicekit.columns import created_column, text_column
from servicekit.workcal.table import calendar_days_table
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from pipeline.adapters.orm import metadata


def _at(name: str, nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


contracts = Table(
    "contracts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), nullable=False),
    Column("quote_id", Uuid, nullable=False),
    Column("status", Text, nullable=False),
    Column("round", Integer, nullable=False, server_default=text("0")),
    Column("number", Text, nullable=False),  # HT-2026-00042 (domain/contracts.contract_number)
    Column("owner_id", Text, nullable=False),
    text_column("region_id"),
    text_column("account_name"),
    text_column("title"),
    Column("product_codes", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),
    Column("request_hash", Text),  # what the key came with (servicekit.idempotency)
    _at("signed_at"),
    created_column(),
    UniqueConstraint("created_by", "idempotency_key", name="contracts_idempotency"),
    UniqueConstraint("number", name="contracts_number"),
    Index("contracts_by_deal", "opportunity_id", "created_at"),
    Index("contracts_page", "created_at", "id"),   # lists: newest first, keyset pages
    # A rep's and a region's part of a list, and a status tab, read in page order
    # (contract_queries).
    Index("contracts_owner", "owner_id", "created_at", "id"),
    Index("contracts_region", "region_id", "created_at", "id"),
    Index("contracts_status", "status", "created_at", "id"),
)

# Each year's last contract number (Asia/Shanghai years): the next contract takes last + 1.
contract_numbers = Table(
    "contract_numbers", metadata,
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

contract_versions = Table(
    "contract_versions", metadata,
    Column("contract_id", Uuid, ForeignKey("contracts.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("terms", JSONB, nullable=False),   # domain.contract_terms.Terms.to_dict()
    Column("created_by", Text, nullable=False),
    created_column(),
)

approval_steps = Table(
    "approval_steps", metadata,
    Column("id", Uuid, primary_key=True),
    Column("contract_id", Uuid, ForeignKey("contracts.id"), nullable=False),
    Column("round", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("level", Text, nullable=False),
    Column("label", Text, nullable=False),
    text_column("reason"),
    # The discount (bp) the step answers for; its holder, a delegate too, must have the
    # power to approve it (domain/approval_steps.Step.may_be_held_by). 0: none.
    Column("discount_bp", Integer, nullable=False, server_default=text("0")),
    Column("approver_id", Text, nullable=False),
    text_column("escalate_to_id"),
    text_column("delegated_from"),
    Column("status", Text, nullable=False),
    text_column("comment"),
    text_column("decided_by"),
    _at("decided_at"),
    _at("activated_at"),
    _at("due_at"),
    # The contract's created_at, copied (it never changes): the lists read a person's
    # steps in their contracts' page order, one index each (contract_queries).
    _at("contract_created_at", nullable=False),
    UniqueConstraint("contract_id", "round", "position", name="approval_steps_order"),
    Index("approval_steps_approver", "approver_id", "status", "contract_created_at",
          "contract_id"),
    # an approver's own steps their delegate holds, on their to-do list too
    Index("approval_steps_delegator", "delegated_from", "status", "contract_created_at",
          "contract_id"),
    *(Index(f"approval_steps_by_{who}", who, "contract_created_at", "contract_id")
      for who in ("approver_id", "delegated_from", "escalate_to_id")),
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
    text_column("created_by"),
    created_column(),
)

delegations = Table(
    "delegations", metadata,
    Column("user_id", Text, primary_key=True),
    Column("to_user_id", Text, nullable=False),
    # As the directory named them when the delegation was set: what a quote's
    # `waiting_for` falls back on when the directory is down (quote_delegation.away_now).
    text_column("to_name"),
    text_column("to_role"),
    text_column("from_role"),
    Column("from_regions", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    _at("until", nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# One row per delegation set: when its `until` passes, the steps its delegate still holds
# go back to the approver (service_layer/delegation_end); a row whose delegation was
# extended meanwhile finds it still in force and does nothing.
delegation_ends = Table(
    "delegation_ends", metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Text, nullable=False),
    _at("due_at", nullable=False),
    _at("fired_at"),
    Index("delegation_ends_due", "due_at", postgresql_where=text("fired_at IS NULL")),
)

signature_requests = Table(
    "signature_requests", metadata,
    Column("id", Uuid, primary_key=True),
    Column("contract_id", Uuid, ForeignKey("contracts.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("token_sha256", Text, nullable=False, unique=True),
    Column("code_sha256", Text, nullable=False),
    text_column("signer_name"),
    text_column("signer_phone"),
    _at("expires_at", nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("status", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),
    Column("request_hash", Text),  # what the key came with (servicekit.idempotency)
    created_column(),
    UniqueConstraint("created_by", "idempotency_key", name="signature_requests_idempotency"),
)

signature_audit = Table(
    "signature_audit", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("contract_id", Uuid, ForeignKey("contracts.id"), nullable=False),
    Column("request_id", Uuid, ForeignKey("signature_requests.id"), nullable=False),
    Column("action", Text, nullable=False),          # requested | signed
    Column("version", Integer, nullable=False),
    text_column("document"),                               # the exact text signed
    text_column("document_sha256"),
    text_column("signer_name"),
    text_column("ip"),
    text_column("user_agent"),
    _at("at", nullable=False),
    Index("signature_audit_by_contract", "contract_id", "id"),
)

# The working calendar approval deadlines count on (servicekit.workcal): seeded at start,
# admins' years mirrored from leads.calendar_year_set.
calendar_days = calendar_days_table(metadata)
