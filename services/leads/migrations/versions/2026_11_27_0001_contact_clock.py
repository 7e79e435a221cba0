"""contact-clock: working calendar, first-contact deadlines, contact log, lifecycle columns.

Revision ID: 20261127_contact_clock
Revises: 20261126_0001
Create Date: 2026-11-27

The calendar is seeded at service start (leads.service_layer.calendar.seed_calendar), not
here: a migration runs once, so years added by a newer chinese-calendar would never
arrive; the startup step inserts only years that have no rows, and never touches a year
an admin entered.
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_contact_clock"
down_revision = "20261126_0001"
branch_labels = None
depends_on = None


def _now() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade() -> None:
    op.add_column("leads", sa.Column("first_contact_due_at", sa.DateTime(timezone=True)))
    op.add_column("leads", sa.Column("first_contacted_at", sa.DateTime(timezone=True)))
    op.add_column("leads", sa.Column("disqualified_reason", sa.Text, nullable=False,
                                     server_default=sa.text("''")))
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("is_workday", sa.Boolean, nullable=False),
        sa.Column("name", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_table(
        "first_contact_deadlines",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("lead_id", sa.Uuid, nullable=False),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True)),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        _now(),
    )
    op.create_index("first_contact_deadlines_due", "first_contact_deadlines", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    op.create_index("first_contact_deadlines_lead", "first_contact_deadlines", ["lead_id"])
    op.create_table(
        "lead_contacts",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("lead_id", sa.Uuid, nullable=False),
        sa.Column("rep_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("next_step", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("next_step_at", sa.DateTime(timezone=True)),
        sa.Column("idempotency_key", sa.Text),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("lead_id", "idempotency_key", name="lead_contacts_idempotency_key"),
    )
    op.create_index("lead_contacts_lead", "lead_contacts", ["lead_id", "contacted_at"])


def downgrade() -> None:
    op.drop_table("lead_contacts")
    op.drop_table("first_contact_deadlines")
    op.drop_table("calendar_days")
    for column in ("disqualified_reason", "first_contacted_at", "first_contact_due_at"):
        op.drop_column("leads", column)
