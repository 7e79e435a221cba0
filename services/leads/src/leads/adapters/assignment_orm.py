"""Tables of assignment: rules, team round-robin state, rep settings and daily counts,
rejections, and replies to idempotent writes. Same MetaData (and schema) as the leads."""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from leads.adapters.orm import folded, metadata


def _texts(name: str) -> Column[list[str]]:
    return Column(name, ARRAY(Text), nullable=False, server_default=text("'{}'"))


def _updated_at() -> Column[object]:
    return Column("updated_at", DateTime(timezone=True), nullable=False,
                  server_default=func.now())


assignment_rules = Table(
    "assignment_rules",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False, server_default=text("true")),
    _texts("provinces"),
    _texts("region_ids"),
    _texts("industries"),
    _texts("sources"),
    Column("score_min", Integer),
    Column("score_max", Integer),
    Column("target_kind", Text, nullable=False),
    _texts("target_user_ids"),
    Column("target_region_id", Text, nullable=False, server_default=text("''")),
    _updated_at(),
)
# A lead's assignment_reason names its rule: one name, one rule, case folded in every
# script as search folds it (migrations 20261206_rule_names, _rule_names_casefold).
Index("assignment_rules_name_key", folded(assignment_rules.c.name), unique=True)

# One row per team (rule:<id> or region:<id>): each rep's smooth weighted round-robin
# score. Locked FOR UPDATE while a lead is assigned, so replicas take turns exactly.
assignment_teams = Table(
    "assignment_teams",
    metadata,
    Column("team_key", Text, primary_key=True),
    Column("scores", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    _updated_at(),
)

rep_settings = Table(
    "rep_settings",
    metadata,
    Column("user_id", Text, primary_key=True),
    Column("capacity", Integer, nullable=False, server_default=text("1")),
    Column("daily_cap", Integer),
    Column("away", Boolean, nullable=False, server_default=text("false")),
    Column("away_until", DateTime(timezone=True)),
    Column("updated_by", Text, nullable=False, server_default=text("''")),
    _updated_at(),
)

# Leads handed to a rep per Asia/Shanghai day; the cap is checked and the count raised
# in one statement, so two teams sharing a rep cannot both take their last slot.
rep_daily_assignments = Table(
    "rep_daily_assignments",
    metadata,
    Column("user_id", Text, nullable=False),
    Column("day", Date, nullable=False),
    Column("assigned", Integer, nullable=False),
    PrimaryKeyConstraint("user_id", "day"),
)

lead_rejections = Table(
    "lead_rejections",
    metadata,
    Column("lead_id", Uuid, nullable=False),
    Column("user_id", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rejected_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("lead_id", "user_id"),
)

# Idempotency-Key of assignment writes: the first call stores its reply, a repeat with
# the same key (per caller and operation) gets that reply without acting again.
idempotent_replies = Table(
    "idempotent_replies",
    metadata,
    Column("key", Text, primary_key=True),
    Column("reply", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # A digest of the request the key first came with; NULL for rows from before.
    Column("request_hash", Text),
)
