"""Tables of the workorders schema (the engine's search_path is `workorders`).

The outbox and inbox tables belong to servicekit and are created by the first migration.
"""

from __future__ import annotations

from servicekit.columns import text_column
from servicekit.workcal.table import calendar_days_table
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = MetaData()
# The working calendar, our own copy: seeded from chinese-calendar, admins' years mirrored
# from leads.calendar_year_set (servicekit.workcal).
calendar_days = calendar_days_table(metadata)


def _at(name: str, *, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(name, DateTime(timezone=True), nullable=nullable)


def _order_fk() -> Column:  # type: ignore[type-arg]
    return Column("work_order_id", Uuid, ForeignKey("work_orders.id"), nullable=False)


work_orders = Table(
    "work_orders", metadata,
    Column("id", Uuid, primary_key=True),
    text_column("title"), text_column("need"), text_column("acceptance_standard"),
    text_column("department"), text_column("department_id"), text_column("department_name"),
    text_column("requester_id"), text_column("requester_manager_id"),
    text_column("supervisor_id"),
    text_column("director_id"), text_column("assignee_id"), text_column("opportunity_id"),
    text_column("region_id"),
    Column("automatic", Boolean, nullable=False, server_default=text("false")),
    Column("state", Text, nullable=False),
    Column("escalation_level", Integer, nullable=False, server_default=text("0")),
    _at("created_at"), _at("due_at"), _at("respond_by"),
    _at("accepted_at", nullable=True), _at("delivered_at", nullable=True),
    _at("closed_at", nullable=True), _at("last_progress_at", nullable=True),
    Column("response_seconds", BigInteger),
    Column("delivered_on_time", Boolean),
    Column("first_pass", Boolean),
    Column("rejections", Integer, nullable=False, server_default=text("0")),
    text_column("cancel_reason"),
    # The leaver whose handover put this order back in its queue (the list filter
    # `requeued_from` the supervisor's handover item links to); '' for the others.
    text_column("requeued_from"),
    Index("work_orders_requeued_from", "requeued_from",
          postgresql_where=text("requeued_from <> ''")),
    text_column("created_by"),
    Column("idempotency_key", Text),
    Column("request_hash", Text),  # idempotency fingerprint of the keyed creation
    # The closed/cancelled order this one carries on; an order lists its follow-ups.
    Column("follow_up_of", Uuid, ForeignKey("work_orders.id")),
    Index("work_orders_follow_up_of", "follow_up_of",
          postgresql_where=text("follow_up_of IS NOT NULL")),
    UniqueConstraint("created_by", "idempotency_key", name="work_orders_idempotency"),
    Index("work_orders_page", "created_at", "id"),
    Index("work_orders_opportunity", "opportunity_id"),
    # Who may read an order is an OR over these (repository.visible_clause): each arm
    # needs its index, or one missing arm turns every scoped read into a full scan; with
    # created_at second, a KPI report's window bounds each arm's scan too.
    *(Index(f"work_orders_{c.removesuffix('_id')}", c, "created_at") for c in (
        "department_id", "requester_id", "assignee_id", "supervisor_id",
        "requester_manager_id", "region_id")),
)

# Progress, comments and every state change, in order: the order's log.
entries = Table(
    "entries", metadata,
    Column("id", Uuid, primary_key=True),
    _order_fk(),
    Column("kind", Text, nullable=False),
    text_column("by_user_id"), text_column("text"), text_column("from_state"),
    text_column("to_state"),
    _at("at"),
    Index("entries_order", "work_order_id", "at"),
)

# A write retried with the same Idempotency-Key by the same person is answered, not redone.
requests = Table(
    "requests", metadata,
    _order_fk(),
    Column("by_user_id", Text, nullable=False),
    Column("idempotency_key", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("request_hash", Text),  # idempotency fingerprint of the step
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("by_user_id", "idempotency_key", "action", name="requests_key"),
)

escalations = Table(
    "escalations", metadata,
    Column("id", Uuid, primary_key=True),
    _order_fk(),
    Column("level", Integer, nullable=False),
    Column("clock", Text, nullable=False),
    Column("notify_ids", ARRAY(Text), nullable=False),
    _at("at"),
    Index("escalations_order", "work_order_id"),
)

attachments = Table(
    "attachments", metadata,
    Column("id", Uuid, primary_key=True),
    _order_fk(),
    text_column("filename"), text_column("content_type"),
    Column("size", BigInteger, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("storage_key", Text, nullable=False),
    text_column("by_user_id"),
    _at("at"),
    Index("attachments_order", "work_order_id"),
)

# Response, delivery and daily-progress clocks: servicekit.scheduler fires due rows.
deadlines = Table(
    "deadlines", metadata,
    Column("id", Uuid, primary_key=True),
    _order_fk(),
    Column("clock", Text, nullable=False),       # response | delivery | progress
    Column("level", Integer, nullable=False),    # escalation level; 0 for progress
    _at("ref_at", nullable=True),                # progress: the update it follows
    _at("due_at"),
    _at("fired_at", nullable=True),
    Index("deadlines_due", "due_at", postgresql_where=text("fired_at IS NULL")),
    # A firing progress check looks for a newer one of the same order.
    Index("deadlines_order", "work_order_id"),
)

chains = Table(
    "escalation_chains", metadata,
    Column("department", Text, primary_key=True),
    Column("response_hours", Double, nullable=False),
    Column("levels", JSONB, nullable=False),     # [{"level": 1, "after_hours": 0.0}, ...]
    text_column("updated_by"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
