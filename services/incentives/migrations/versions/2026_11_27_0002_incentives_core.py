"""incentives: the working calendar, KPI versions, the fact log, daily logs, rewards, pay
schemes, experiments, surveys (branch `incentives`).

Revision ID: 20261127_0002_incentives
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "20261127_0002_incentives"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("is_workday", sa.Boolean, nullable=False),
        sa.Column("name", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False, server_default=sa.func.now()))
    op.create_table(
        "kpi_versions",
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("definitions", JSONB, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False))
    op.create_table(
        "facts",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("region_id", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("occurred_at", TS, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("recorded_at", TS, nullable=False, server_default=sa.func.now()))
    op.create_index("ix_facts_user_time", "facts", ["user_id", "occurred_at"])
    op.create_index("ix_facts_time", "facts", ["occurred_at"])
    op.create_table(
        "daily_logs",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("submitted_at", TS, nullable=False),
        sa.Column("on_time", sa.Boolean, nullable=False),
        sa.Column("workday", sa.Boolean, nullable=False),
        sa.Column("text", sa.Text, nullable=False))
    op.create_table(
        "rewards",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("region_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("granted_at", TS, nullable=False),
        sa.Column("streak_end", sa.Date, nullable=False),
        sa.UniqueConstraint("user_id", "kind", "streak_end", name="uq_rewards_once"))
    op.create_table(
        "pay_schemes",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("config", JSONB, nullable=False))
    op.create_table(
        "experiments",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("idempotency_key", sa.Text, nullable=True),
        sa.UniqueConstraint("created_by", "idempotency_key", name="uq_experiments_idem"))
    op.create_table(
        "experiment_units",
        sa.Column("experiment_id", sa.Text, sa.ForeignKey("experiments.id"), primary_key=True),
        sa.Column("unit_id", sa.Text, primary_key=True),
        sa.Column("arm", sa.Text, nullable=False),
        sa.Column("region_id", sa.Text, nullable=False),
        sa.Column("rep_ids", ARRAY(sa.Text), nullable=False))
    op.create_table(
        "surveys",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("token_sha256", sa.Text, nullable=False, unique=True),
        sa.Column("subject_type", sa.Text, nullable=False),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("rep_id", sa.Text, nullable=False),
        sa.Column("region_id", sa.Text, nullable=False),
        sa.Column("account_name", sa.Text, nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("answered_at", TS, nullable=True),
        sa.Column("score", sa.Integer, nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.UniqueConstraint("subject_type", "subject_id", name="uq_surveys_subject"))


def downgrade() -> None:
    for table in ("surveys", "experiment_units", "experiments", "pay_schemes", "rewards",
                  "daily_logs", "facts", "kpi_versions", "calendar_days"):
        op.drop_table(table)
