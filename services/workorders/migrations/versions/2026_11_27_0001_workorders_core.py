"""workorders: orders, their log, the working calendar (our own copy), idempotent
requests, escalations, attachments, clocks, and per-department escalation chains
(技术部 seeded so the demo escalates out of the box).

Revision ID: 20261127_workorders
Revises: 20261126_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "20261127_workorders"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _order_fk() -> sa.Column:
    return sa.Column("work_order_id", sa.Uuid, sa.ForeignKey("work_orders.id"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "work_orders",
        sa.Column("id", sa.Uuid, primary_key=True),
        *[_text(n) for n in ("title", "need", "acceptance_standard", "department",
                             "department_id", "department_name", "requester_id",
                             "requester_manager_id", "supervisor_id", "director_id",
                             "assignee_id", "opportunity_id", "region_id")],
        sa.Column("automatic", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("escalation_level", sa.Integer, nullable=False, server_default=sa.text("0")),
        _at("created_at"), _at("due_at"), _at("respond_by"), _at("accepted_at", True),
        _at("delivered_at", True), _at("closed_at", True), _at("last_progress_at", True),
        sa.Column("response_seconds", sa.BigInteger),
        sa.Column("delivered_on_time", sa.Boolean),
        sa.Column("first_pass", sa.Boolean),
        sa.Column("rejections", sa.Integer, nullable=False, server_default=sa.text("0")),
        _text("cancel_reason"), _text("created_by"),
        sa.Column("idempotency_key", sa.Text),
        sa.UniqueConstraint("created_by", "idempotency_key", name="work_orders_idempotency"))
    op.create_index("work_orders_page", "work_orders", ["created_at", "id"])
    op.create_index("work_orders_department", "work_orders", ["department_id"])
    op.create_index("work_orders_opportunity", "work_orders", ["opportunity_id"])
    op.create_table(
        "entries", sa.Column("id", sa.Uuid, primary_key=True), _order_fk(),
        sa.Column("kind", sa.Text, nullable=False), _text("by_user_id"), _text("text"),
        _text("from_state"), _text("to_state"), _at("at"))
    op.create_index("entries_order", "entries", ["work_order_id", "at"])
    op.create_table(
        "requests", _order_fk(),
        sa.Column("by_user_id", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("by_user_id", "idempotency_key", "action", name="requests_key"))
    op.create_table(
        "escalations", sa.Column("id", sa.Uuid, primary_key=True), _order_fk(),
        sa.Column("level", sa.Integer, nullable=False), sa.Column("clock", sa.Text,
                                                                  nullable=False),
        sa.Column("notify_ids", ARRAY(sa.Text), nullable=False), _at("at"))
    op.create_index("escalations_order", "escalations", ["work_order_id"])
    op.create_table(
        "attachments", sa.Column("id", sa.Uuid, primary_key=True), _order_fk(),
        _text("filename"), _text("content_type"),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("storage_key", sa.Text, nullable=False), _text("by_user_id"), _at("at"))
    op.create_index("attachments_order", "attachments", ["work_order_id"])
    op.create_table(
        "deadlines", sa.Column("id", sa.Uuid, primary_key=True), _order_fk(),
        sa.Column("clock", sa.Text, nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        _at("ref_at", True), _at("due_at"), _at("fired_at", True))
    op.create_index("deadlines_due", "deadlines", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    op.create_table(
        "calendar_days", sa.Column("day", sa.Date, primary_key=True),
        sa.Column("is_workday", sa.Boolean, nullable=False), _text("name"),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()))
    chains = op.create_table(
        "escalation_chains", sa.Column("department", sa.Text, primary_key=True),
        sa.Column("response_hours", sa.Double, nullable=False),
        sa.Column("levels", JSONB, nullable=False), _text("updated_by"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()))
    # 技术部's working chain: 4 working hours to accept; assignee at once, supervisors
    # 2 h later, director 4 h later (the same steps after a missed due time).
    op.bulk_insert(chains, [{"department": "engineering", "response_hours": 4.0,
                             "updated_by": "migration",
                             "levels": [{"level": 1, "after_hours": 0.0},
                                        {"level": 2, "after_hours": 2.0},
                                        {"level": 3, "after_hours": 4.0}]}])


def downgrade() -> None:
    for table in ("calendar_days", "escalation_chains", "deadlines", "attachments", "escalations",
                  "requests", "entries", "work_orders"):
        op.drop_table(table)
