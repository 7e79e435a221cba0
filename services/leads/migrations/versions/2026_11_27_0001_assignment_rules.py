"""assignment-rules: ordered rules, weighted team round-robin, rep capacity/caps/away,
rejections, idempotent replies; the lead records the rule that matched. The per-region
cursor gives way to the region's team state (same turns for reps of equal weight).

Revision ID: 20261127_assignment_rules
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "20261127_assignment_rules"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None


def _texts(name: str) -> sa.Column:
    return sa.Column(name, sa.ARRAY(sa.Text), nullable=False, server_default=sa.text("'{}'"))


def _updated_at() -> sa.Column:
    return sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade() -> None:
    op.add_column("leads", sa.Column("assignment_rule_id", sa.Text, nullable=False,
                                     server_default=sa.text("''")))
    op.create_table(
        "assignment_rules",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.text("true")),
        *(_texts(n) for n in ("provinces", "region_ids", "industries", "sources")),
        sa.Column("score_min", sa.Integer),
        sa.Column("score_max", sa.Integer),
        sa.Column("target_kind", sa.Text, nullable=False),
        _texts("target_user_ids"),
        sa.Column("target_region_id", sa.Text, nullable=False, server_default=sa.text("''")),
        _updated_at(),
    )
    op.create_table(
        "assignment_teams",
        sa.Column("team_key", sa.Text, primary_key=True),
        sa.Column("scores", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        _updated_at(),
    )
    op.create_table(
        "rep_settings",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("capacity", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column("daily_cap", sa.Integer),
        sa.Column("away", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("away_until", sa.DateTime(timezone=True)),
        sa.Column("updated_by", sa.Text, nullable=False, server_default=sa.text("''")),
        _updated_at(),
    )
    op.create_table(
        "rep_daily_assignments",
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("assigned", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "day"),
    )
    op.create_table(
        "lead_rejections",
        sa.Column("lead_id", sa.Uuid, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lead_id", "user_id"),
    )
    op.create_table(
        "idempotent_replies",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("reply", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.drop_table("assignment_cursors")


def downgrade() -> None:
    op.create_table(
        "assignment_cursors",
        sa.Column("region_id", sa.Text, primary_key=True),
        sa.Column("last_user_id", sa.Text),
        _updated_at(),
    )
    for table in ("idempotent_replies", "lead_rejections", "rep_daily_assignments",
                  "rep_settings", "assignment_teams", "assignment_rules"):
        op.drop_table(table)
    op.drop_column("leads", "assignment_rule_id")
