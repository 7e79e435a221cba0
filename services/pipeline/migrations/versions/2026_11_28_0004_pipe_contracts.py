"""pipe-contracts: contracts with versioned terms, approval matrix, steps and deadlines,
delegations, signature requests and the append-only signature audit trail.

Revision ID: 20261128_pipe_contracts
Revises: 20261128_pipeline_core
Create Date: 2026-11-28

The default approval matrix is seeded on first use (adapters.matrix_repo.current), like
the default process, so it exists once, in tested domain code.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "20261128_pipe_contracts"
down_revision = "20261128_pipeline_core"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def _at(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


# One statement per execute: asyncpg prepares each and refuses several at once.
APPEND_ONLY = (
    """CREATE FUNCTION signature_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'signature_audit is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$""",
    """CREATE TRIGGER signature_audit_no_update BEFORE UPDATE OR DELETE ON signature_audit
  FOR EACH ROW EXECUTE FUNCTION signature_audit_append_only()""",
    """CREATE TRIGGER signature_audit_no_truncate BEFORE TRUNCATE ON signature_audit
  FOR EACH STATEMENT EXECUTE FUNCTION signature_audit_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "contracts",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("opportunity_id", sa.Uuid, sa.ForeignKey("opportunities.id"), nullable=False),
        sa.Column("quote_id", sa.Uuid, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("round", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("owner_id", sa.Text, nullable=False),
        _text("region_id"), _text("account_name"), _text("title"),
        sa.Column("product_codes", JSONB, nullable=False,
                  server_default=sa.text("'[]'::jsonb")),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text),
        _at("signed_at"), _created(),
        sa.UniqueConstraint("created_by", "idempotency_key", name="contracts_idempotency"))
    op.create_index("contracts_by_deal", "contracts", ["opportunity_id", "created_at"])
    op.create_table(
        "contract_versions",
        sa.Column("contract_id", sa.Uuid, sa.ForeignKey("contracts.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("terms", JSONB, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False), _created())
    op.create_table(
        "approval_steps",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("contract_id", sa.Uuid, sa.ForeignKey("contracts.id"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("approver_id", sa.Text, nullable=False),
        _text("escalate_to_id"), _text("delegated_from"),
        sa.Column("status", sa.Text, nullable=False),
        _text("comment"), _text("decided_by"),
        _at("decided_at"), _at("activated_at"), _at("due_at"),
        sa.UniqueConstraint("contract_id", "round", "position", name="approval_steps_order"))
    op.create_index("approval_steps_approver", "approval_steps", ["approver_id", "status"])
    op.create_table(
        "approval_deadlines",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("step_id", sa.Uuid, sa.ForeignKey("approval_steps.id"), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        _at("due_at", nullable=False), _at("fired_at"))
    op.create_index("approval_deadlines_due", "approval_deadlines", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    op.create_table(
        "approval_matrix_versions",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("levels", JSONB, nullable=False),
        _text("created_by"), _created())
    op.create_table(
        "delegations",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("to_user_id", sa.Text, nullable=False),
        _at("until", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()))
    op.create_table(
        "signature_requests",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("contract_id", sa.Uuid, sa.ForeignKey("contracts.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("token_sha256", sa.Text, nullable=False, unique=True),
        sa.Column("code_sha256", sa.Text, nullable=False),
        _text("signer_name"), _text("signer_phone"),
        _at("expires_at", nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text), _created(),
        sa.UniqueConstraint("created_by", "idempotency_key",
                            name="signature_requests_idempotency"))
    op.create_table(
        "signature_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("contract_id", sa.Uuid, sa.ForeignKey("contracts.id"), nullable=False),
        sa.Column("request_id", sa.Uuid, sa.ForeignKey("signature_requests.id"),
                  nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        _text("document"), _text("document_sha256"), _text("signer_name"), _text("ip"),
        _text("user_agent"), _at("at", nullable=False))
    op.create_index("signature_audit_by_contract", "signature_audit", ["contract_id", "id"])
    for statement in APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    op.drop_table("signature_audit")
    op.execute("DROP FUNCTION signature_audit_append_only()")
    for table in ("signature_requests", "delegations", "approval_matrix_versions",
                  "approval_deadlines", "approval_steps", "contract_versions", "contracts"):
        op.drop_table(table)
