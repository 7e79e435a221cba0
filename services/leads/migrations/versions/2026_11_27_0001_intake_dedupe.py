"""intake-dedupe: QR/ad fields and match keys on leads, lead_touches, lead_merges.

Revision ID: 20261127_0001_intake_dedupe
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0001_intake_dedupe"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None

_NEW_TEXT = ("wechat_id", "title", "event", "booth", "company_key", "contact_key", "merged_into")


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def upgrade() -> None:
    for name in _NEW_TEXT:
        op.add_column("leads", _text(name))
    op.create_index("leads_wechat_id", "leads", ["wechat_id"],
                    postgresql_where=sa.text("wechat_id <> ''"))
    op.create_index("leads_contact_key", "leads", ["contact_key"],
                    postgresql_where=sa.text("contact_key <> ''"))
    op.create_table(
        "lead_touches",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("lead_id", sa.Uuid, sa.ForeignKey("leads.id"), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        _text("channel"), _text("summary"), _text("match_reason"),
        sa.Column("idempotency_key", sa.Text),
        sa.Column("touched_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "idempotency_key",
                            name="lead_touches_source_idempotency_key"),
    )
    op.create_index("lead_touches_lead", "lead_touches", ["lead_id", "touched_at"])
    op.create_table(
        "lead_merges",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("survivor_id", sa.Uuid, sa.ForeignKey("leads.id"), nullable=False),
        sa.Column("merged_id", sa.Uuid, sa.ForeignKey("leads.id"), nullable=False),
        sa.Column("merged_by", sa.Text, nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        _text("undone_by"),
        sa.Column("undone_at", sa.DateTime(timezone=True)),
    )
    op.create_index("lead_merges_one_active", "lead_merges", ["merged_id"], unique=True,
                    postgresql_where=sa.text("undone_at IS NULL"))
    op.create_index("lead_merges_survivor", "lead_merges", ["survivor_id"])


def downgrade() -> None:
    op.drop_table("lead_merges")
    op.drop_table("lead_touches")
    op.drop_index("leads_contact_key", "leads")
    op.drop_index("leads_wechat_id", "leads")
    for name in _NEW_TEXT:
        op.drop_column("leads", name)
