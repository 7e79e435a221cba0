"""Tables of the incentives schema (outbox and inbox belong to servicekit)."""

from __future__ import annotations

import sqlalchemy as sa
from servicekit.workcal.table import calendar_days_table
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = sa.MetaData()
TS = sa.DateTime(timezone=True)

# The mainland working calendar for streaks: seeded from chinese-calendar at start, admins'
# years mirrored from leads.calendar_year_set (servicekit.workcal.sync).
calendar_days = calendar_days_table(metadata)

# A whole set of KPI definitions per version, in force from `effective_from` (local date).
kpi_versions = sa.Table(
    "kpi_versions", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("effective_from", sa.Date, nullable=False),
    sa.Column("definitions", JSONB, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", TS, nullable=False),
)

# Append-only: one row per scored event (the event id is the key), never updated.
facts = sa.Table(
    "facts", metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("region_id", sa.Text, nullable=False),
    sa.Column("subject_id", sa.Text, nullable=False),
    sa.Column("occurred_at", TS, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("recorded_at", TS, nullable=False, server_default=sa.func.now()),
    sa.Index("ix_facts_user_time", "user_id", "occurred_at"),
    sa.Index("ix_facts_time", "occurred_at"),
    # Scores look back beyond their period for a few kinds only (service_layer.scores).
    sa.Index("ix_facts_kind_time", "kind", "occurred_at"),
)

daily_logs = sa.Table(
    "daily_logs", metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("submitted_at", TS, nullable=False),
    sa.Column("on_time", sa.Boolean, nullable=False),
    sa.Column("workday", sa.Boolean, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("idempotency_key", sa.Text, nullable=True),
    sa.Index("ux_daily_logs_key", "user_id", "idempotency_key", unique=True,
             postgresql_where=sa.text("idempotency_key IS NOT NULL")),
)

rewards = sa.Table(
    "rewards", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("region_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("amount_fen", sa.BigInteger, nullable=False),
    sa.Column("granted_at", TS, nullable=False),
    sa.Column("streak_end", sa.Date, nullable=False),
    sa.UniqueConstraint("user_id", "kind", "streak_end", name="uq_rewards_once"),
)

pay_schemes = sa.Table(
    "pay_schemes", metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("config", JSONB, nullable=False),
)

experiments = sa.Table(
    "experiments", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("starts_on", sa.Date, nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("idempotency_key", sa.Text, nullable=True),
    sa.UniqueConstraint("created_by", "idempotency_key", name="uq_experiments_idem"),
)

experiment_units = sa.Table(
    "experiment_units", metadata,
    sa.Column("experiment_id", sa.Text, sa.ForeignKey("experiments.id"), primary_key=True),
    sa.Column("unit_id", sa.Text, primary_key=True),
    sa.Column("arm", sa.Text, nullable=False),
    sa.Column("region_id", sa.Text, nullable=False),
    sa.Column("rep_ids", ARRAY(sa.Text), nullable=False),  # the unit itself, or a team's reps
)

surveys = sa.Table(
    "surveys", metadata,
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
    sa.UniqueConstraint("subject_type", "subject_id", name="uq_surveys_subject"),
)
