"""pipeline-core: process versions, accounts, contacts, opportunities, stage history, steps.

Revision ID: 20261128_pipeline_core
Revises: 20261126_0001
Create Date: 2026-11-28

The default process (version 1) is not inserted here: it lives in the domain
(pipeline.domain.default_process) and is seeded by `adapters.process_repo.current` when a
schema has no version yet, so the definition exists once, in tested code, and a later
change to it cannot make this historical revision mean something else.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "20261128_pipeline_core"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade() -> None:
    op.create_table("process_versions",
                    sa.Column("version", sa.Integer, primary_key=True),
                    sa.Column("stages", JSONB, nullable=False),
                    _text("created_by"), _created())
    op.create_table("accounts",
                    sa.Column("id", sa.Uuid, primary_key=True),
                    sa.Column("name", sa.Text, nullable=False),
                    sa.Column("name_key", sa.Text, nullable=False, unique=True),
                    _text("industry"), _text("province"), _created())
    op.create_table("contacts",
                    sa.Column("id", sa.Uuid, primary_key=True),
                    sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"),
                              nullable=False),
                    _text("name"), _text("phone"), _text("email"),
                    sa.Column("lead_id", sa.Uuid), _created(),
                    sa.UniqueConstraint("account_id", "name", "phone",
                                        name="contacts_account_person"))
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("account_id", sa.Uuid, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False, server_default=sa.text("0")),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        _text("lost_reason"),
        sa.Column("owner_id", sa.Text, nullable=False),
        _text("owner_username"), _text("region_id"),
        sa.Column("lead_id", sa.Uuid, unique=True),
        sa.Column("process_version", sa.Integer, sa.ForeignKey("process_versions.version"),
                  nullable=False),
        sa.Column("stage_entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text),
        _created(),
        sa.UniqueConstraint("created_by", "idempotency_key", name="opportunities_idempotency"),
    )
    op.create_index("opportunities_page", "opportunities", ["created_at", "id"])
    op.create_index("opportunities_owner", "opportunities", ["owner_id"])
    op.create_index("opportunities_region", "opportunities", ["region_id"])
    op.create_table("stage_changes",
                    sa.Column("id", sa.Uuid, primary_key=True),
                    sa.Column("opportunity_id", sa.Uuid, sa.ForeignKey("opportunities.id"),
                              nullable=False),
                    sa.Column("from_stage", sa.Text, nullable=False),
                    sa.Column("to_stage", sa.Text, nullable=False),
                    sa.Column("by_user_id", sa.Text, nullable=False),
                    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
                    _text("reason"))
    op.create_index("stage_changes_by_deal", "stage_changes", ["opportunity_id", "at"])
    op.create_table("step_checks",
                    sa.Column("opportunity_id", sa.Uuid, sa.ForeignKey("opportunities.id"),
                              primary_key=True),
                    sa.Column("step_id", sa.Text, primary_key=True),
                    sa.Column("done_by", sa.Text, nullable=False),
                    sa.Column("done_at", sa.DateTime(timezone=True), nullable=False))


def downgrade() -> None:
    for table in ("step_checks", "stage_changes", "opportunities", "contacts", "accounts",
                  "process_versions"):
        op.drop_table(table)
