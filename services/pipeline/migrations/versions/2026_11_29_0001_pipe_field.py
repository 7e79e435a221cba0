"""pipe-field: visits, visit photos, the structured needs record; an index for analytics.

Revision ID: 20261129_pipe_field
Revises: 20261128_pipeline_core
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "20261129_pipe_field"
down_revision = "20261128_pipeline_core"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable,
                     server_default=None if nullable else sa.func.now())


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("opportunity_id", sa.Uuid, sa.ForeignKey("opportunities.id"), nullable=False),
        sa.Column("rep_id", sa.Text, nullable=False),
        _text("rep_username"),
        sa.Column("planned_date", sa.Date),
        _at("checked_in_at", nullable=True),
        sa.Column("latitude", sa.Float, nullable=False),
        sa.Column("longitude", sa.Float, nullable=False),
        _text("report"),
        _at("reported_at", nullable=True),
        sa.Column("first", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text),
        _at("created_at"),
        sa.UniqueConstraint("created_by", "idempotency_key", name="visits_idempotency"))
    op.create_index("visits_by_deal", "visits", ["opportunity_id", "created_at"])
    op.create_index("visits_route", "visits", ["rep_id", "planned_date"])
    op.create_index("visits_one_first", "visits", ["opportunity_id"], unique=True,
                    postgresql_where=sa.text('"first"'))
    op.create_table(
        "visit_photos",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("visit_id", sa.Uuid, sa.ForeignKey("visits.id"), nullable=False),
        _text("filename"),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("storage_key", sa.Text, nullable=False),
        _at("created_at"))
    op.create_index("visit_photos_by_visit", "visit_photos", ["visit_id"])
    op.create_table(
        "needs_records",
        sa.Column("opportunity_id", sa.Uuid, sa.ForeignKey("opportunities.id"),
                  primary_key=True),
        sa.Column("data", JSONB, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False))
    op.create_index("stage_changes_at", "stage_changes", ["at"])


def downgrade() -> None:
    op.drop_index("stage_changes_at", "stage_changes")
    for table in ("needs_records", "visit_photos", "visits"):
        op.drop_table(table)
